/**
 * Seed data for the product catalog.
 *
 * Kept as a plain module (not inserted ad hoc at runtime) because it is applied once by an
 * idempotent migration on first start: rows are only inserted when the migration has not run
 * yet, so products deleted later are never resurrected on a restart.
 */

export interface SeedCategory {
  readonly id: string;
  readonly name: string;
}

export interface SeedProduct {
  /** Slug: lower-case letters, digits, inner hyphens, 1-64 chars. */
  readonly id: string;
  /** 1-120 chars. */
  readonly name: string;
  /** One sentence, 40-200 chars. */
  readonly description: string;
  /** One of the SEED_CATEGORIES ids. */
  readonly category: string;
  /** Integer minor units in SEED_CURRENCY. */
  readonly priceCents: number;
}

export const SEED_CURRENCY = 'USD';

export const SEED_CATEGORIES: readonly SeedCategory[] = [
  { id: 'kitchen', name: 'Kitchen' },
  { id: 'coffee', name: 'Coffee' },
  { id: 'outdoor', name: 'Outdoor' },
  { id: 'office', name: 'Office' },
  { id: 'audio', name: 'Audio' },
  { id: 'books', name: 'Books' },
  { id: 'fitness', name: 'Fitness' },
  { id: 'home-textiles', name: 'Home Textiles' },
];

export const SEED_PRODUCTS: readonly SeedProduct[] = [
  // kitchen
  {
    id: 'chef-knife-8in',
    name: 'Chef Knife 8-Inch',
    description:
      'Forged high-carbon Stainless Steel blade with a full tang and a balanced pakkawood handle.',
    category: 'kitchen',
    priceCents: 8900,
  },
  {
    id: 'cast-iron-skillet-12in',
    name: 'Cast Iron Skillet 12-Inch',
    description:
      'Pre-seasoned cast iron skillet that holds heat evenly for searing, baking and frying.',
    category: 'kitchen',
    priceCents: 4499,
  },
  {
    id: 'cutting-board-walnut',
    name: 'Walnut Cutting Board',
    description: 'End-grain walnut board with juice groove that is gentle on knife edges.',
    category: 'kitchen',
    priceCents: 6900,
  },
  {
    id: 'dutch-oven-5qt',
    name: 'Enameled Dutch Oven 5 qt',
    description: 'Enameled cast iron pot with a tight-fitting lid for braises, stews and bread.',
    category: 'kitchen',
    priceCents: 12900,
  },
  {
    id: 'mixing-bowls-set-3',
    name: 'Mixing Bowl Set (3 pcs)',
    description: 'Nesting stainless steel bowls with non-slip silicone bases and pour spouts.',
    category: 'kitchen',
    priceCents: 3499,
  },
  {
    id: 'digital-kitchen-scale',
    name: 'Digital Kitchen Scale',
    description:
      'Precise scale weighing up to 5 kg in 1 g steps with tare function and backlit display.',
    category: 'kitchen',
    priceCents: 2499,
  },
  {
    id: 'silicone-spatula-set',
    name: 'Silicone Spatula Set',
    description:
      'Three heat-resistant silicone spatulas that scrape bowls clean without scratching pans.',
    category: 'kitchen',
    priceCents: 1599,
  },
  {
    id: 'stand-mixer-5qt',
    name: 'Stand Mixer 5 qt',
    description:
      'Tilt-head stand mixer with ten speeds, dough hook, whisk and flat beater included.',
    category: 'kitchen',
    priceCents: 34900,
  },
  {
    id: 'herb-scissors',
    name: 'Herb Scissors',
    description:
      'Five-blade scissors that finely chop basil, chives and parsley in a few quick snips.',
    category: 'kitchen',
    priceCents: 1299,
  },
  {
    id: 'glass-storage-containers',
    name: 'Glass Storage Containers (10 pcs)',
    description:
      'Oven-safe borosilicate containers with snap-lock lids for leftovers and meal prep.',
    category: 'kitchen',
    priceCents: 3999,
  },

  // coffee
  {
    id: 'espresso-grinder-conical',
    name: 'Conical Burr Espresso Grinder',
    description:
      'Stepless conical burr grinder with a steel hopper collar for consistent espresso grounds.',
    category: 'coffee',
    priceCents: 24900,
  },
  {
    id: 'pour-over-dripper-ceramic',
    name: 'Ceramic Pour-Over Dripper',
    description:
      'Cone-shaped ceramic dripper with spiral ribs for an even extraction and clean cup.',
    category: 'coffee',
    priceCents: 2800,
  },
  {
    id: 'gooseneck-kettle-electric',
    name: 'Electric Gooseneck Kettle',
    description: 'Variable temperature kettle with a precise gooseneck spout and hold-warm mode.',
    category: 'coffee',
    priceCents: 8999,
  },
  {
    id: 'french-press-1l',
    name: 'French Press 1 L',
    description:
      'Double-wall STEEL french press that keeps coffee hot while the fine mesh filter steeps.',
    category: 'coffee',
    priceCents: 4500,
  },
  {
    id: 'espresso-machine-single-boiler',
    name: 'Single Boiler Espresso Machine',
    description: 'Compact espresso machine with a 58 mm portafilter, PID control and steam wand.',
    category: 'coffee',
    priceCents: 64900,
  },
  {
    id: 'coffee-beans-ethiopia-1kg',
    name: 'Ethiopia Yirgacheffe Beans 1 kg',
    description: 'Washed light roast with floral aroma and notes of bergamot, peach and black tea.',
    category: 'coffee',
    priceCents: 3600,
  },
  {
    id: 'coffee-beans-house-blend-500g',
    name: 'House Espresso Blend 500 g',
    description: 'Medium-dark roast blend with chocolate and hazelnut notes for milk-based drinks.',
    category: 'coffee',
    priceCents: 1650,
  },
  {
    id: 'milk-frothing-pitcher',
    name: 'Milk Frothing Pitcher 600 ml',
    description: 'Pitcher with a sharp spout and measurement marks for pouring latte art.',
    category: 'coffee',
    priceCents: 1899,
  },
  {
    id: 'cold-brew-maker',
    name: 'Cold Brew Coffee Maker',
    description:
      'Airtight glass carafe with a removable fine mesh filter for smooth overnight cold brew.',
    category: 'coffee',
    priceCents: 2999,
  },
  {
    id: 'coffee-scale-timer',
    name: 'Coffee Scale with Timer',
    description:
      'Pocket scale with built-in timer and 0.1 g precision to dial in every brew ratio.',
    category: 'coffee',
    priceCents: 3999,
  },

  // outdoor
  {
    id: 'camping-tent-2p',
    name: 'Two-Person Backpacking Tent',
    description:
      'Lightweight freestanding tent with aluminum poles, two doors and a full rain fly.',
    category: 'outdoor',
    priceCents: 27900,
  },
  {
    id: 'sleeping-bag-20f',
    name: 'Down Sleeping Bag 20°F',
    description:
      'Mummy bag filled with 650-fill down that packs small and stays warm near freezing.',
    category: 'outdoor',
    priceCents: 22900,
  },
  {
    id: 'insulated-water-bottle-32oz',
    name: 'Insulated Water Bottle 32 oz',
    description: 'Vacuum-insulated steel bottle that keeps drinks cold for 24 hours or hot for 12.',
    category: 'outdoor',
    priceCents: 3499,
  },
  {
    id: 'headlamp-rechargeable',
    name: 'Rechargeable Headlamp',
    description: 'USB-C headlamp with 400 lumens, red night mode and a weather-resistant housing.',
    category: 'outdoor',
    priceCents: 3999,
  },
  {
    id: 'trekking-poles-carbon',
    name: 'Carbon Trekking Poles',
    description:
      'Collapsible carbon fiber poles with cork grips and flick locks for quick adjustment.',
    category: 'outdoor',
    priceCents: 11900,
  },
  {
    id: 'camp-stove-compact',
    name: 'Compact Camp Stove',
    description:
      'Ultralight canister stove with piezo ignition that boils a liter of water in about four minutes.',
    category: 'outdoor',
    priceCents: 5499,
  },
  {
    id: 'daypack-28l',
    name: 'Hiking Daypack 28 L',
    description:
      'Ventilated back panel, hip belt pockets and a hydration sleeve for long day hikes.',
    category: 'outdoor',
    priceCents: 12900,
  },
  {
    id: 'camping-chair-folding',
    name: 'Folding Camping Chair',
    description:
      'Packable chair with a breathable mesh seat that sets up in seconds at camp or the beach.',
    category: 'outdoor',
    priceCents: 7999,
  },
  {
    id: 'wireless-weather-station',
    name: 'Wireless Weather Station',
    description:
      'Outdoor sensor sends temperature, humidity and rain data to an indoor color display.',
    category: 'outdoor',
    priceCents: 8999,
  },
  {
    id: 'hammock-nylon',
    name: 'Parachute Nylon Hammock',
    description:
      'Breathable nylon hammock with tree straps and steel carabiners that supports 400 lb.',
    category: 'outdoor',
    priceCents: 4999,
  },

  // office
  {
    id: 'ergonomic-office-chair',
    name: 'Ergonomic Office Chair',
    description: 'Mesh chair with adjustable lumbar support, 4D armrests and a synchronized tilt.',
    category: 'office',
    priceCents: 44900,
  },
  {
    id: 'standing-desk-frame',
    name: 'Electric Standing Desk Frame',
    description:
      'Dual-motor steel frame with memory presets that moves smoothly from sitting to standing.',
    category: 'office',
    priceCents: 49900,
  },
  {
    id: 'wireless-keyboard-compact',
    name: 'Compact Wireless Keyboard',
    description:
      'Low-profile Wireless keyboard that pairs with three devices and charges over USB-C.',
    category: 'office',
    priceCents: 7999,
  },
  {
    id: 'wireless-mouse-ergonomic',
    name: 'Ergonomic Vertical Mouse',
    description: 'Vertical wireless mouse that keeps the wrist in a relaxed handshake position.',
    category: 'office',
    priceCents: 4999,
  },
  {
    id: 'monitor-arm-single',
    name: 'Single Monitor Arm',
    description:
      'Gas-spring arm that holds screens up to 32 inches and clamps to desks up to 9 cm thick.',
    category: 'office',
    priceCents: 11900,
  },
  {
    id: 'desk-lamp-led',
    name: 'LED Desk Lamp',
    description:
      'Dimmable lamp with adjustable color temperature and a flicker-free light for long sessions.',
    category: 'office',
    priceCents: 5999,
  },
  {
    id: 'notebook-dotted-a5',
    name: 'Dotted Notebook A5',
    description: 'Hardcover notebook with 160 numbered pages of 100 gsm ink-friendly dotted paper.',
    category: 'office',
    priceCents: 1999,
  },
  {
    id: 'fountain-pen-fine',
    name: 'Fountain Pen, Fine Nib',
    description: 'Brass-bodied fountain pen with a fine steel nib and a converter for bottled ink.',
    category: 'office',
    priceCents: 6500,
  },
  {
    id: 'desk-organizer-bamboo',
    name: 'Bamboo Desk Organizer',
    description: 'Bamboo organizer with compartments for pens, sticky notes, phone and cables.',
    category: 'office',
    priceCents: 2999,
  },
  {
    id: 'paper-shredder-cross-cut',
    name: 'Cross-Cut Paper Shredder',
    description:
      'Quiet eight-sheet shredder that also handles credit cards, staples and paper clips.',
    category: 'office',
    priceCents: 8999,
  },

  // audio
  {
    id: 'wireless-headphones-anc',
    name: 'Wireless Noise-Cancelling Headphones',
    description:
      'Over-ear headphones with adaptive noise cancelling and up to 30 hours of battery life.',
    category: 'audio',
    priceCents: 29900,
  },
  {
    id: 'true-wireless-earbuds',
    name: 'True Wireless Earbuds',
    description:
      'Compact earbuds with a pocketable charging case, transparency mode and IPX4 rating.',
    category: 'audio',
    priceCents: 12900,
  },
  {
    id: 'bookshelf-speakers-pair',
    name: 'Bookshelf Speakers (Pair)',
    description:
      'Passive two-way speakers with silk dome tweeters for detailed, room-filling sound.',
    category: 'audio',
    priceCents: 34900,
  },
  {
    id: 'portable-bluetooth-speaker',
    name: 'Portable Bluetooth Speaker',
    description:
      'Waterproof speaker with rich bass, 12-hour battery and a loop for hanging outdoors.',
    category: 'audio',
    priceCents: 7999,
  },
  {
    id: 'turntable-belt-drive',
    name: 'Belt-Drive Turntable',
    description: 'Manual turntable with a built-in switchable preamp and a pre-mounted cartridge.',
    category: 'audio',
    priceCents: 27900,
  },
  {
    id: 'studio-monitor-headphones',
    name: 'Studio Monitor Headphones',
    description: 'Closed-back headphones with a flat response and detachable cable for mixing.',
    category: 'audio',
    priceCents: 14900,
  },
  {
    id: 'usb-audio-interface',
    name: 'USB Audio Interface 2x2',
    description:
      'Two-input interface with clean mic preamps and low-latency monitoring for home studios.',
    category: 'audio',
    priceCents: 16900,
  },
  {
    id: 'condenser-microphone',
    name: 'Large-Diaphragm Condenser Microphone',
    description:
      'Cardioid studio microphone with a shock mount for vocals, podcasts and acoustic guitar.',
    category: 'audio',
    priceCents: 19900,
  },
  {
    id: 'soundbar-compact',
    name: 'Compact Soundbar',
    description: 'Slim soundbar with a clear dialogue mode and HDMI ARC that connects to most TVs.',
    category: 'audio',
    priceCents: 24900,
  },
  {
    id: 'headphone-stand-aluminum',
    name: 'Aluminum Headphone Stand',
    description:
      'Weighted aluminum stand with a soft silicone rest that keeps headphones off the desk.',
    category: 'audio',
    priceCents: 2999,
  },

  // books
  {
    id: 'book-art-of-fermentation',
    name: 'The Art of Fermentation',
    description: 'In-depth guide to fermenting vegetables, dairy, grains and beverages at home.',
    category: 'books',
    priceCents: 3999,
  },
  {
    id: 'book-salt-fat-acid-heat',
    name: 'Salt, Fat, Acid, Heat',
    description:
      'Illustrated cookbook teaching the four elements of good cooking with practical recipes.',
    category: 'books',
    priceCents: 3500,
  },
  {
    id: 'book-coffee-atlas',
    name: 'The World Atlas of Coffee',
    description:
      'Guide to coffee origins, processing and brewing, with maps of the major growing regions.',
    category: 'books',
    priceCents: 2999,
  },
  {
    id: 'book-pragmatic-programmer',
    name: 'The Pragmatic Programmer',
    description: 'Classic software engineering book on craftsmanship, tooling and career habits.',
    category: 'books',
    priceCents: 4999,
  },
  {
    id: 'book-designing-data-intensive-apps',
    name: 'Designing Data-Intensive Applications',
    description:
      'Thorough look at databases, replication, partitioning and stream processing systems.',
    category: 'books',
    priceCents: 5499,
  },
  {
    id: 'book-wilderness-navigation',
    name: 'Wilderness Navigation Handbook',
    description: 'Field guide to map, compass and GPS skills for hikers leaving the marked trail.',
    category: 'books',
    priceCents: 2199,
  },
  {
    id: 'book-strength-training-anatomy',
    name: 'Strength Training Anatomy',
    description: 'Detailed anatomical illustrations showing which muscles each exercise works.',
    category: 'books',
    priceCents: 2495,
  },
  {
    id: 'book-sapiens',
    name: 'Sapiens: A Brief History of Humankind',
    description:
      'Sweeping history of how Homo sapiens came to dominate the planet, told in plain language.',
    category: 'books',
    priceCents: 1899,
  },
  {
    id: 'book-steel-and-stone',
    name: 'Of Steel and Stone',
    description:
      'A paperback novel about a blacksmith family forging a new life in a mountain town.',
    category: 'books',
    priceCents: 1699,
  },
  {
    id: 'book-quilting-basics',
    name: 'Quilting Basics',
    description:
      'Beginner-friendly quilting book with patterns, fabric advice and step-by-step photos.',
    category: 'books',
    priceCents: 2299,
  },

  // fitness
  {
    id: 'adjustable-dumbbells-pair',
    name: 'Adjustable Dumbbells (Pair)',
    description:
      'Dial-adjustable dumbbells from 5 to 52.5 lb each that replace a full rack of weights.',
    category: 'fitness',
    priceCents: 39900,
  },
  {
    id: 'yoga-mat-6mm',
    name: 'Yoga Mat 6 mm',
    description: 'Non-slip natural rubber mat with alignment lines and a carrying strap.',
    category: 'fitness',
    priceCents: 6999,
  },
  {
    id: 'kettlebell-16kg',
    name: 'Cast Iron Kettlebell 16 kg',
    description:
      'Single-piece cast iron kettlebell with a wide, smooth handle for swings and presses.',
    category: 'fitness',
    priceCents: 5999,
  },
  {
    id: 'resistance-bands-set',
    name: 'Resistance Bands Set',
    description:
      'Five latex bands with handles, ankle straps and a door anchor for full-body workouts.',
    category: 'fitness',
    priceCents: 2999,
  },
  {
    id: 'jump-rope-speed',
    name: 'Speed Jump Rope',
    description:
      'Adjustable steel cable rope with ball-bearing handles for fast, smooth double-unders.',
    category: 'fitness',
    priceCents: 1999,
  },
  {
    id: 'foam-roller-high-density',
    name: 'High-Density Foam Roller',
    description: 'Firm textured roller that eases sore muscles and helps recovery after training.',
    category: 'fitness',
    priceCents: 2499,
  },
  {
    id: 'pull-up-bar-doorway',
    name: 'Doorway Pull-Up Bar',
    description:
      'No-screw pull-up bar with padded grips that fits most door frames up to 36 inches.',
    category: 'fitness',
    priceCents: 3499,
  },
  {
    id: 'heart-rate-monitor-chest',
    name: 'Wireless Heart Rate Monitor',
    description:
      'Chest strap sensor that streams accurate heart rate to apps and watches via Bluetooth.',
    category: 'fitness',
    priceCents: 7999,
  },
  {
    id: 'fitness-tracker-band',
    name: 'Fitness Tracker Band',
    description: 'Slim tracker counting steps, sleep and heart rate with a seven-day battery life.',
    category: 'fitness',
    priceCents: 9999,
  },
  {
    id: 'gym-bag-duffel',
    name: 'Gym Duffel Bag 40 L',
    description:
      'Water-resistant duffel with a ventilated shoe compartment and padded shoulder strap.',
    category: 'fitness',
    priceCents: 4999,
  },

  // home-textiles
  {
    id: 'linen-duvet-cover-queen',
    name: 'Linen Duvet Cover, Queen',
    description: 'Stonewashed European linen duvet cover that gets softer with every wash.',
    category: 'home-textiles',
    priceCents: 18900,
  },
  {
    id: 'percale-sheet-set-queen',
    name: 'Percale Sheet Set, Queen',
    description: 'Crisp, breathable 300-thread-count cotton percale sheets with deep pockets.',
    category: 'home-textiles',
    priceCents: 12900,
  },
  {
    id: 'wool-throw-blanket',
    name: 'Merino Wool Throw Blanket',
    description: 'Soft merino wool throw with fringed edges that adds warmth to a sofa or bed.',
    category: 'home-textiles',
    priceCents: 14900,
  },
  {
    id: 'bath-towel-set-6',
    name: 'Turkish Cotton Towel Set (6 pcs)',
    description: 'Absorbent, quick-drying Turkish cotton towels in bath, hand and washcloth sizes.',
    category: 'home-textiles',
    priceCents: 8900,
  },
  {
    id: 'blackout-curtains-pair',
    name: 'Blackout Curtains (Pair)',
    description:
      'Thermal lined curtains that block light and noise, with rust-proof steel grommets.',
    category: 'home-textiles',
    priceCents: 5999,
  },
  {
    id: 'linen-tablecloth-rectangle',
    name: 'Linen Tablecloth',
    description:
      'Rectangular linen tablecloth with mitered corners, sized for six- to eight-seat tables.',
    category: 'home-textiles',
    priceCents: 6900,
  },
  {
    id: 'cotton-kitchen-towels-4',
    name: 'Cotton Kitchen Towels (4 pcs)',
    description: 'Absorbent waffle-weave cotton towels for drying dishes, glasses and hands.',
    category: 'home-textiles',
    priceCents: 1999,
  },
  {
    id: 'wool-area-rug-5x8',
    name: 'Hand-Woven Wool Area Rug 5x8',
    description:
      'Flat-woven wool rug with a subtle geometric pattern that suits living rooms and bedrooms.',
    category: 'home-textiles',
    priceCents: 29900,
  },
  {
    id: 'down-alternative-pillow',
    name: 'Down Alternative Pillow',
    description:
      'Hypoallergenic pillow with a cotton cover and medium fill for back and side sleepers.',
    category: 'home-textiles',
    priceCents: 3999,
  },
  {
    id: 'heated-throw-wireless-remote',
    name: 'Heated Throw with Wireless Remote',
    description:
      'Plush fleece heated throw with six heat settings and auto shut-off after four hours.',
    category: 'home-textiles',
    priceCents: 7999,
  },
];
