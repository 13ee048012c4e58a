package demo

// locale is one country the demo company sells to.
type locale struct {
	country  string // ISO 3166-1 alpha-2
	weight   int    // relative share of the customers
	currency string // ISO 4217
	dial     string // telephone country code
	cities   []string
	first    []string
	last     []string
	forms    []string // company legal forms
	carriers []string
	// familyFirst writes person names family name first.
	familyFirst bool
}

var locales = []locale{
	{"US", 30, "USD", "+1", []string{"New York", "Chicago", "Austin", "Seattle", "Boston", "San Francisco", "Denver", "Atlanta", "Portland", "Miami"},
		[]string{"James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "Sarah", "Kevin"},
		[]string{"Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Wilson", "O'Brien", "McDonald"},
		[]string{"Inc.", "LLC", "Corp."}, []string{"UPS", "FedEx", "USPS"}, false},
	{"GB", 8, "GBP", "+44", []string{"London", "Manchester", "Bristol", "Leeds", "Edinburgh", "Glasgow"},
		[]string{"Oliver", "Amelia", "Harry", "Isla", "George", "Emily", "Zoë"},
		[]string{"Smith", "Jones", "Taylor", "Evans", "Walker", "Wright", "Mcdonald"},
		[]string{"Ltd", "PLC"}, []string{"Royal Mail", "DPD"}, false},
	{"IE", 3, "EUR", "+353", []string{"Dublin", "Cork", "Galway", "Limerick"},
		[]string{"Siobhán", "Seán", "Aoife", "Ciarán", "Niamh", "Patrick"},
		[]string{"O'Neil", "O'Brien", "O'Connor", "O'Sullivan", "Murphy", "Kelly"},
		[]string{"Ltd", "DAC"}, []string{"An Post", "DPD"}, false},
	{"FR", 10, "EUR", "+33", []string{"Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes"},
		[]string{"Jean-Luc", "Jean-Pierre", "Marie", "Zoë", "Chloé", "Amélie", "François", "Hélène", "Benoît"},
		[]string{"Martin", "Bernard", "Dubois", "Thomas", "Lefèvre", "Girard", "Moreau", "Fournier", "d'Arcy"},
		[]string{"SARL", "SA", "SAS"}, []string{"La Poste", "Chronopost", "DPD"}, false},
	{"DE", 10, "EUR", "+49", []string{"Berlin", "München", "Hamburg", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf"},
		[]string{"Jürgen", "Lukas", "Anna", "Björn", "Käthe", "Maximilian", "Sophie"},
		[]string{"Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Schäfer", "Groß"},
		[]string{"GmbH", "AG", "KG"}, []string{"DHL", "DPD", "Hermes"}, false},
	{"ES", 5, "EUR", "+34", []string{"Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao"},
		[]string{"José", "María", "Íñigo", "Lucía", "Jesús"},
		[]string{"García", "Fernández", "López", "Martínez", "Peña", "Núñez"},
		[]string{"S.L.", "S.A."}, []string{"Correos", "SEUR"}, false},
	{"IT", 5, "EUR", "+39", []string{"Roma", "Milano", "Napoli", "Torino", "Bologna"},
		[]string{"Giulia", "Marco", "Niccolò", "Francesca", "Alessandro"},
		[]string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "D'Angelo"},
		[]string{"S.r.l.", "S.p.A."}, []string{"Poste Italiane", "BRT"}, false},
	{"NL", 3, "EUR", "+31", []string{"Amsterdam", "Rotterdam", "Utrecht", "Den Haag"},
		[]string{"Daan", "Emma", "Sanne", "Joost"},
		[]string{"de Vries", "van der Berg", "Van der Berg", "Jansen", "de Jong", "Bakker"},
		[]string{"B.V.", "N.V."}, []string{"PostNL", "DHL"}, false},
	{"PL", 3, "PLN", "+48", []string{"Warszawa", "Kraków", "Łódź", "Wrocław", "Gdańsk"},
		[]string{"Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Wojciech"},
		[]string{"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Zieliński"},
		[]string{"sp. z o.o.", "S.A."}, []string{"Poczta Polska", "InPost"}, false},
	{"SE", 2, "SEK", "+46", []string{"Stockholm", "Göteborg", "Malmö", "Uppsala"},
		[]string{"Åsa", "Björn", "Linnéa", "Sören"},
		[]string{"Andersson", "Johansson", "Öberg", "Åkesson"},
		[]string{"AB"}, []string{"PostNord", "DHL"}, false},
	{"JP", 4, "JPY", "+81", []string{"東京", "大阪", "京都", "札幌", "Yokohama"},
		[]string{"太郎", "花子", "Haruto", "Yui"},
		[]string{"田中", "佐藤", "Suzuki", "Takahashi"},
		[]string{"K.K.", "株式会社"}, []string{"Yamato", "Sagawa"}, true},
	{"CA", 3, "CAD", "+1", []string{"Toronto", "Montréal", "Vancouver", "Québec", "Calgary"},
		[]string{"Émilie", "Liam", "Noah", "Chloé"},
		[]string{"Tremblay", "Gagnon", "Roy", "MacDonald", "Macdonald"},
		[]string{"Inc.", "Ltd."}, []string{"Canada Post", "Purolator"}, false},
	{"BR", 3, "BRL", "+55", []string{"São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba"},
		[]string{"João", "Ana", "Luís", "Conceição"},
		[]string{"Silva", "Santos", "Oliveira", "Conceição"},
		[]string{"Ltda.", "S.A."}, []string{"Correios", "Jadlog"}, false},
	{"CH", 2, "CHF", "+41", []string{"Zürich", "Genève", "Basel", "Lausanne"},
		[]string{"Noé", "Léa", "Luca", "Mia"},
		[]string{"Meier", "Keller", "Brunner", "Gerber"},
		[]string{"AG", "GmbH", "SA"}, []string{"Swiss Post", "DHL"}, false},
	{"AU", 2, "AUD", "+61", []string{"Sydney", "Melbourne", "Brisbane", "Perth"},
		[]string{"Jack", "Charlotte", "William", "Olivia"},
		[]string{"Nguyen", "Smith", "O'Connell", "Williams"},
		[]string{"Pty Ltd"}, []string{"Australia Post", "StarTrack"}, false},
}

// Company names: stem + trade + legal form. "Acme" and the O' stems are what the Salesforce
// search and quoted-literal scenarios look for.
var (
	companyStems = []string{"Acme", "Blue Harbor", "Nordlicht", "Pinecrest", "Redwood", "Silverline", "Kestrel",
		"Ironbridge", "Sunflower", "Lakeside", "Granite", "Evergreen", "Copperleaf", "Starling", "Maple & Oak",
		"O'Brien & Sons", "O'Neil Brothers", "Sakura"}
	companyTrades = []string{"Trading", "Supplies", "Logistics", "Foods", "Industries", "Labs", "Outfitters",
		"Hardware", "Consulting", "Motors"}
	mailboxes = []string{"sales", "info", "accounts", "orders", "purchasing"}
)

// category is a product family.
type category struct {
	code       string
	nouns      []string
	minPrice   cents
	maxPrice   cents
	minGrams   int
	maxGrams   int // 0: not a physical good (no weight, no thumbnail, no stock)
	withColour bool
}

var categories = []category{
	{"TOOL", []string{"Cordless Drill", "Impact Driver", "Angle Grinder", "Jigsaw", "Claw Hammer", "Screwdriver Set", "Tape Measure", "Spirit Level"}, 499, 45000, 150, 4500, true},
	{"GARD", []string{"Hose Reel", "Pruning Shears", "Lawn Mower", "Leaf Blower", "Watering Can", "Planter"}, 399, 89900, 250, 35000, true},
	{"KITC", []string{"Chef's Knife", "Espresso Machine", "Cast Iron Pan", "Blender", "Kettle", "Cutting Board"}, 599, 119900, 200, 12000, true},
	{"OFFC", []string{"Desk Lamp", "Ergonomic Chair", "Notebook A5", "Stapler", "Monitor Arm", "Whiteboard"}, 99, 79900, 50, 25000, true},
	{"ELEC", []string{"USB-C Cable", "Wireless Mouse", "Keyboard", "Headphones", `27" Monitor`, "Power Bank"}, 399, 199900, 30, 8000, true},
	{"SOFT", []string{"Antivirus Licence", "Cloud Backup 1 TB", "Support Plan", "Extended Warranty"}, 999, 49900, 0, 0, false},
}

var (
	variants = []string{"Pro", "Compact", "XL", "Classic", "Eco", "Max", "Mini", "Plus", "2000", "Série 5"}
	colours  = []struct {
		name, code string
		rgb        [3]byte
	}{
		{"Black", "BK", [3]byte{0x1a, 0x1a, 0x1a}}, {"White", "WH", [3]byte{0xf5, 0xf5, 0xf5}},
		{"Red", "RD", [3]byte{0xc0, 0x39, 0x2b}}, {"Blue", "BL", [3]byte{0x2e, 0x86, 0xde}},
		{"Green", "GN", [3]byte{0x27, 0xae, 0x60}}, {"Steel", "ST", [3]byte{0x83, 0x95, 0xa7}},
		{"Yellow", "YL", [3]byte{0xf1, 0xc4, 0x0f}},
	}
	taglines = []string{"built to last", "our best seller", "new for this season", "great value",
		"for professionals", "quiet and efficient", "the classic choice"}
	sentences = []string{
		"Ships in recyclable packaging.",
		"Compatible with the whole 18 V battery range.",
		"Garantie 2 ans – pièces et main-d'œuvre.",
		"Tested to EN 60335-1 and RoHS compliant.",
		"Dishwasher safe; not suitable for induction hobs.",
		"Delivered with a 1.5 m cable and a quick-start guide.",
		"Le modèle « classique » de la gamme, revu en 2024.",
		"Hergestellt in Deutschland, geprüft in Österreich.",
		`Rated 4.7/5 by 1,200 customers ("sturdy and quiet").`,
		"Includes 2 × AA batteries.",
		"Housing made of 100% recycled aluminium.",
		"Spare parts available for at least 10 years.",
		"Works from -10 °C to 45 °C.",
		"Order code on the invoice: see the SKU_ref field.",
		"高品質の素材を使用しています。",
		"Not for resale outside the EU/EEA.",
	}
	orderNotes = []string{
		"Leave at the reception",
		"Call before delivery: +33 1 23 45 67 89",
		"Gift wrap, please",
		`Deliver to the back door – "Loading bay 3"`,
		"Rechnung bitte per E-Mail",
		"配達前に電話してください",
		"100% cotton only; no substitutes",
		"Use PO #4471_B on the invoice",
		`Scan to C:\orders\inbox`,
		"Customer's own courier will collect",
		"Urgent!!! Needed before Friday",
	}
)
