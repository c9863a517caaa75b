"""Writes eval_set.json: hand-graded requests x UMKM products for bench/eval_matching.py.

Products are listed by kind (what they really are, judged by a person, not by the engine);
each request names the kinds that are the same product (grade 2) and the kinds that are a
substitute or closely related (grade 1). Every other pair is grade 0. A product may belong to
a second, narrower kind (``ALSO``: "Biji Kakao Fermentasi" is cocoa_beans and cocoa_fermented);
it takes the higher of its two grades. Run once and commit the JSON; edit the lists here, not
the JSON.

Requests are in two parts: ``old`` (the first set, ``REQUESTS``) and ``state``
(``STATE_REQUESTS``: the right answer depends on state, process, grade or material, with the
same commodity in the wrong state as hard negatives, plus category requests). New kinds are
appended after the old ones so old product ids do not move, and every old request grades the
new kinds too (same product 2, related 1), so the old part's figure measures the engine, not
missing labels.
"""

import json
from pathlib import Path

# kind -> product names as UMKM in East/South Kalimantan and East Java write them
KINDS: dict[str, list[str]] = {
    "cake_salak": [
        "Kue Salak Pondoh",
        "Cake Salak Khas Bangkalan",
        "Bolu Salak Premium",
        "Snake Fruit Cake",
        "Kue Salak Bu Sri",
        "Bolu Kukus Salak",
    ],
    "salak_fresh": [
        "Salak Pondoh Segar",
        "Salak Bali Super",
        "Fresh Snake Fruit",
        "Buah Salak Madu",
    ],
    "salak_chips": ["Keripik Salak", "Kripik Salak Renyah", "Salak Chips"],
    "dodol_salak": ["Dodol Salak", "Jenang Salak Khas Pasuruan"],
    "peyek_kepiting": ["Peyek Kepiting", "Rempeyek Kepiting Balikpapan", "Crab Peyek Crackers"],
    "peyek_kacang": ["Rempeyek Kacang Tanah", "Peyek Kacang Ijo Khas Blitar", "Peanut Rempeyek"],
    "crab_fresh": ["Kepiting Bakau Hidup", "Kepiting Soka Beku", "Mud Crab Live Tarakan"],
    "crab_meat": ["Daging Rajungan Pasteurisasi", "Blue Swimming Crab Meat", "Rajungan Kupas"],
    "chili_fresh": [
        "Cabai Merah Keriting",
        "Cabe Merah Besar",
        "Lombok Merah Segar",
        "Red Chili Fresh",
    ],
    "chili_rawit": ["Cabe Rawit Merah", "Cabai Rawit Hijau", "Bird Eye Chili", "Rawit Setan Segar"],
    "chili_sauce": ["Sambal Bawang Khas Madura", "Saus Sambal Pedas", "Chili Sauce Botol"],
    "chili_dried": ["Cabai Kering Giling", "Cabe Kering Utuh", "Dried Chilli Flakes"],
    "ginger": ["Jahe Merah Segar", "Jahe Emprit Kaltim", "Fresh Ginger Rhizome", "Jahe Gajah"],
    "ginger_powder": ["Jahe Merah Bubuk", "Serbuk Jahe Instan", "Ginger Powder Organic"],
    "turmeric": ["Kunyit Segar", "Kunir Kuning Super", "Fresh Turmeric Root", "Kunyit Rimpang"],
    "turmeric_powder": ["Kunyit Bubuk", "Turmeric Powder Pure", "Bubuk Kunir"],
    "temulawak": ["Temulawak Iris Kering", "Temu Lawak Segar"],
    "candlenut": ["Kemiri Kupas", "Kemiri Utuh Super", "Candlenut Kernel", "Biji Kemiri Bulat"],
    "dried_fish": [
        "Ikan Asin Jambal Roti",
        "Ikan Kering Gabus",
        "Salted Fish Premium",
        "Ikan Asin Sepat",
    ],
    "anchovy": [
        "Ikan Teri Kering",
        "Teri Nasi Medan",
        "Ikan Teri Jengki",
        "Dried Anchovies",
        "Teri Tawar Kering",
    ],
    "smoked_fish": ["Ikan Asap Patin", "Ikan Salai Baung", "Smoked Catfish"],
    "fresh_fish": ["Ikan Bandeng Segar", "Ikan Nila Segar", "Fresh Tilapia", "Ikan Tenggiri Segar"],
    "salt": ["Garam Krosok Madura", "Garam Laut Beryodium", "Sea Salt Fine", "Garam Meja Halus"],
    "cocoa_beans": [
        "Biji Kakao Fermentasi",
        "Kakao Kering Berau",
        "Cocoa Beans Dried",
        "Biji Coklat Fermentasi",
    ],
    "cocoa_powder": ["Bubuk Kakao Murni", "Cocoa Powder"],
    "chocolate": ["Coklat Batang Berau", "Chocolate Bar Dark", "Cokelat Praline"],
    "pineapple": ["Nanas Madu Segar", "Nenas Tamban", "Fresh Pineapple", "Nanas Queen"],
    "pineapple_chips": ["Keripik Nanas", "Pineapple Chips"],
    "pineapple_dodol": ["Dodol Nanas", "Selai Nanas Jenang"],
    "chicken": [
        "Ayam Kampung Potong",
        "Daging Ayam Beku",
        "Frozen Chicken Cuts",
        "Ayam Broiler Karkas",
    ],
    "rattan": [
        "Tas Anyaman Rotan",
        "Keranjang Rotan Kalimantan",
        "Rattan Basket Handmade",
        "Kursi Rotan Sintang",
    ],
    "bamboo": ["Kerajinan Bambu Tulungagung", "Anyaman Bambu Besek", "Bamboo Craft Tray"],
    "purun_weaving": ["Anyaman Purun Tas", "Tikar Purun Banjar", "Anyaman Pandan"],
    "beads": [
        "Kalung Manik-manik Dayak",
        "Gelang Manik Dayak",
        "Beaded Bag Dayak",
        "Aksesoris Manik Manik",
    ],
    "wood_carving": ["Ukiran Kayu Dayak", "Patung Kayu Ulin", "Wooden Mask Carving"],
    "batik": ["Batik Tulis Madura", "Kain Batik Cap", "Batik Cloth Tanjung Bumi"],
    "sasirangan": ["Kain Sasirangan Banjarmasin", "Sasirangan Cloth", "Kain Pelangi Sasirangan"],
    "tenun": ["Tenun Ulap Doyo", "Kain Tenun Ikat", "Songket Samarinda"],
    "coffee": [
        "Kopi Robusta Dampit",
        "Biji Kopi Arabika Ijen",
        "Kopi Liberika Kutai",
        "Green Coffee Beans Robusta",
    ],
    "coffee_powder": ["Kopi Bubuk Robusta", "Ground Coffee Arabica"],
    "palm_sugar": [
        "Gula Aren Cetak",
        "Gula Semut Aren",
        "Palm Sugar Block",
        "Gula Merah Aren Asli",
    ],
    "coconut_sugar": ["Gula Kelapa Cetak", "Coconut Sugar Organic", "Gula Semut Kelapa"],
    "banana_chips": ["Keripik Pisang Kepok", "Kripik Pisang Manis", "Banana Chips Original"],
    "cassava_chips": ["Keripik Singkong Pedas", "Cassava Chips Balado", "Kripik Ubi Kayu"],
    "tempe_chips": ["Keripik Tempe Malang", "Tempeh Chips", "Kripik Tempe Sagu"],
    "amplang": ["Amplang Ikan Tenggiri", "Amplang Samarinda", "Amplang Bandeng", "Kerupuk Amplang"],
    "fish_crackers": ["Kerupuk Ikan Tenggiri", "Krupuk Ikan Sidoarjo", "Fish Crackers Raw"],
    "shrimp_crackers": ["Kerupuk Udang Sidoarjo", "Prawn Crackers", "Krupuk Udang Windu"],
    "honey": ["Madu Hutan Kalimantan", "Madu Murni Lebah", "Wild Forest Honey", "Madu Randu"],
    "kelulut_honey": ["Madu Kelulut", "Madu Trigona Kaltim", "Stingless Bee Honey"],
    "pepper": ["Lada Hitam Malonan", "Lada Putih Bangka", "Black Pepper Whole", "Merica Bubuk"],
    "shallot": ["Bawang Merah Probolinggo", "Shallots Fresh", "Bawang Merah Nganjuk"],
    "garlic": ["Bawang Putih Lumbu", "Garlic Peeled"],
    "fried_shallot": ["Bawang Goreng Renyah", "Fried Shallots Crispy"],
    "seaweed": ["Rumput Laut Kering Cottonii", "Eucheuma Seaweed Dried", "Rumput Laut Gracilaria"],
    "birds_nest": ["Sarang Burung Walet", "Sarang Walet Mangkok", "Edible Bird Nest Cleaned"],
    "shrimp": ["Udang Vaname Beku", "Udang Windu Segar", "Frozen Shrimp Headless"],
    "dried_shrimp": ["Ebi Kering", "Udang Rebon Kering", "Dried Shrimp"],
    "shrimp_paste": ["Terasi Udang Sidoarjo", "Shrimp Paste Block", "Terasi Bakar"],
    "squid": ["Cumi Kering Asin", "Cumi Cumi Beku", "Dried Squid"],
    "cinnamon": ["Kayu Manis Batang", "Cinnamon Sticks", "Kulit Kayu Manis"],
    "clove": ["Cengkeh Kering", "Cloves Whole", "Cengkih Super"],
    "nutmeg": ["Biji Pala Kering", "Nutmeg Whole", "Fuli Pala"],
    "vanilla": ["Vanili Kering Grade A", "Vanilla Beans"],
    "vco": ["Minyak Kelapa Murni VCO", "Virgin Coconut Oil", "VCO Kelapa Dalam"],
    "coconut": ["Kelapa Butir Tua", "Kelapa Parut Kering", "Desiccated Coconut"],
    "copra": ["Kopra Putih", "Copra Dried"],
    "rubber": ["Karet Alam Lembaran", "Natural Rubber Sheet"],
    "agarwood": ["Gaharu Kalimantan", "Kayu Gaharu Super", "Agarwood Chips"],
    "kratom": ["Daun Kratom Kering", "Kratom Leaf Powder"],
    "durian": ["Durian Montong Segar", "Durian Lai Kutai"],
    "durian_dodol": ["Lempok Durian", "Dodol Durian Khas Kaltim"],
    "soap": ["Sabun Herbal Sereh", "Natural Soap Bar", "Sabun Mandi Susu"],
    "rice": ["Beras Merah Organik", "Beras Pandan Wangi", "Red Rice"],
    "corn": ["Jagung Pipil Kering", "Jagung Manis Segar"],
    "cashew": ["Kacang Mete Goreng", "Cashew Nuts Roasted", "Mete Kupas Mentah"],
    "tea": ["Teh Hijau Kering", "Green Tea Leaves"],
    "lemongrass": ["Serai Wangi Segar", "Lemongrass Fresh"],
    "egg_salted": ["Telur Asin Brebes", "Salted Duck Eggs"],
    "fish_floss": ["Abon Ikan Tuna", "Abon Ikan Gabus", "Fish Floss Spicy"],
    "beef_floss": ["Abon Sapi Original", "Beef Floss"],
    "fish_balls": ["Bakso Ikan Tenggiri", "Nugget Ikan Patin", "Fish Balls Frozen"],
    "soy_sauce": ["Kecap Manis Cap Jago", "Sweet Soy Sauce", "Kecap Asin"],
    "herbal_drink": ["Jamu Beras Kencur", "Wedang Jahe Instan", "Herbal Ginger Drink Sachet"],
    "passion_syrup": ["Sirup Markisa", "Passion Fruit Syrup"],
    "mango": ["Mangga Arumanis Probolinggo", "Mangga Manalagi Segar", "Fresh Mango Harum Manis"],
    "mango_dried": ["Manisan Mangga Kering", "Dried Mango Slices"],
    "orange": ["Jeruk Siam Pontianak", "Jeruk Keprok Batu", "Mandarin Orange Fresh"],
    "dragon_fruit": ["Buah Naga Merah Banyuwangi", "Red Dragon Fruit"],
    "sweet_potato": ["Ubi Ungu Segar", "Purple Sweet Potato", "Ubi Jalar Madu Cilembu"],
    "tapioca_flour": ["Tepung Tapioka", "Tapioca Flour", "Tepung Singkong Mocaf"],
    "leather_goods": [
        "Tas Kulit Sapi Tanggulangin",
        "Leather Wallet Handmade",
        "Sepatu Kulit Magetan",
    ],
    "sandals": ["Sandal Jepit Karet", "Sandal Hotel Spunbond"],
    "furniture_teak": ["Meja Kayu Jati Jepara", "Teak Dining Chair"],
    "ceramics": ["Gerabah Kasongan", "Keramik Dinoyo Vas", "Clay Pottery Vase"],
    "cookies": ["Kue Kering Nastar", "Butter Cookies", "Kukis Coklat Chip"],
    "banana_fresh": ["Pisang Kepok Segar", "Pisang Raja Sereh", "Cavendish Banana"],
    "cassava_fresh": ["Singkong Segar Kupas", "Fresh Cassava Roots"],
    "patchouli": ["Minyak Nilam Aceh", "Patchouli Oil"],
    "palm_oil": ["Minyak Sawit Curah", "Crude Palm Oil CPO"],
    "peanuts": ["Kacang Tanah Kupas", "Peanuts Roasted Salted", "Kacang Garing Bawang"],
    "soybean": ["Kedelai Lokal Grobogan", "Soybeans Non GMO"],
    "tempe": ["Tempe Kedelai Murni", "Fresh Tempeh Block"],
    # --- kinds added with the state part (issue 12): same commodity, other state or material
    "cocoa_fermented": [
        "Biji Kakao Fermentasi Kutai Timur",
        "Fermented Cocoa Beans Grade A",
        "Kakao Fermentasi Sortir Berau",
    ],
    "cocoa_asalan": [
        "Biji Kakao Asalan",
        "Biji Kakao Kering Asalan",
        "Unfermented Cocoa Beans",
        "Kakao Non Fermentasi Paser",
    ],
    "pineapple_dried": ["Nanas Kering", "Dried Pineapple Slices", "Nanas Kering Oven Tamban"],
    "pineapple_candied": ["Manisan Nanas", "Manisan Nanas Kering Bontang", "Candied Pineapple"],
    "pineapple_canned": ["Nanas Kaleng dalam Sirup", "Canned Pineapple Slices in Syrup"],
    "chicken_live": ["Ayam Kampung Hidup", "Live Village Chicken", "Ayam Pedaging Hidup"],
    "ginger_dried": ["Jahe Kering Iris", "Dried Ginger Slices"],
    "fish_frozen": ["Ikan Tongkol Beku", "Frozen Mackerel Whole", "Fillet Patin Beku"],
    "fish_live": ["Ikan Kerapu Hidup Berau", "Live Grouper"],
    "coffee_green": [
        "Green Bean Robusta Dampit",
        "Kopi Beras Arabika",
        "Biji Kopi Mentah Liberika",
    ],
    "coffee_roasted": [
        "Kopi Sangrai Biji Robusta",
        "Roasted Coffee Beans Arabica",
        "Roast Bean Liberika Kutai",
    ],
    "candlenut_inshell": ["Kemiri Gelondong", "Kemiri Berkulit Sangatta", "Candlenut In Shell"],
    "cashew_inshell": ["Mete Gelondong", "Raw Cashew Nuts In Shell"],
    "water_hyacinth": [
        "Tas Enceng Gondok",
        "Water Hyacinth Basket",
        "Keranjang Anyaman Eceng Gondok",
    ],
    "rattan_more": ["Lampit Rotan Amuntai", "Rattan Cane Handbag"],
    "purun_more": ["Tas Purun Banjarbaru", "Purun Bag Handmade"],
    "pandan_weaving": ["Tikar Pandan Berau", "Pandan Woven Pouch"],
    "synthetic_rattan": ["Kursi Rotan Sintetis", "Synthetic Rattan Sofa Set"],
    "ironwood": ["Kerajinan Kayu Ulin", "Ironwood Carving Borneo"],
    "jewellery": ["Kalung Etnik Dayak", "Gelang Etnik Kalimantan"],
    "cinnamon_ground": ["Kayu Manis Bubuk", "Cinnamon Powder"],
    "pepper_ground": ["Lada Hitam Bubuk", "Ground White Pepper"],
    "coriander": ["Ketumbar Biji", "Coriander Seeds Whole"],
    "cardamom": ["Kapulaga Lokal", "Cardamom Pods"],
    "tea_black": ["Teh Hitam Tubruk", "Black Tea Orthodox"],
}

# product name -> a second, narrower kind it also belongs to (the state its name states)
ALSO: dict[str, str] = {
    "Biji Kakao Fermentasi": "cocoa_fermented",
    "Biji Coklat Fermentasi": "cocoa_fermented",
    "Green Coffee Beans Robusta": "coffee_green",
    "Kemiri Kupas": "candlenut_shelled",
    "Candlenut Kernel": "candlenut_shelled",
    "Anyaman Purun Tas": "purun_more",
    "Tikar Purun Banjar": "purun_more",
    "Anyaman Pandan": "pandan_weaving",
    "Patung Kayu Ulin": "ironwood",
    "Kepiting Bakau Hidup": "crab_live",
    "Mud Crab Live Tarakan": "crab_live",
    "Kepiting Soka Beku": "crab_frozen",
    "Udang Vaname Beku": "shrimp_frozen",
    "Frozen Shrimp Headless": "shrimp_frozen",
    "Udang Windu Segar": "shrimp_fresh",
    "Cumi Kering Asin": "squid_dried",
    "Dried Squid": "squid_dried",
    "Cumi Cumi Beku": "squid_frozen",
    "Daging Ayam Beku": "chicken_frozen",
    "Frozen Chicken Cuts": "chicken_frozen",
    "Ayam Kampung Potong": "chicken_fresh",
    "Ayam Broiler Karkas": "chicken_fresh",
    "Mete Kupas Mentah": "cashew_raw",
    "Kacang Mete Goreng": "cashew_roasted",
    "Cashew Nuts Roasted": "cashew_roasted",
    "Merica Bubuk": "pepper_ground",
    "Black Pepper Whole": "pepper_whole",
    "Cabai Kering Giling": "chili_ground",
    "Dried Chilli Flakes": "chili_ground",
    "Cabe Kering Utuh": "chili_dried_whole",
    "Kelapa Parut Kering": "coconut_desiccated",
    "Desiccated Coconut": "coconut_desiccated",
    "Kayu Manis Batang": "cinnamon_whole",
    "Cinnamon Sticks": "cinnamon_whole",
}

# request -> (grade-2 kinds, grade-1 kinds)
REQUESTS: list[tuple[str, list[str], list[str]]] = [
    ("snake fruit cake", ["cake_salak"], ["dodol_salak", "salak_chips"]),
    ("cake salak", ["cake_salak"], ["dodol_salak", "salak_chips"]),
    ("kue salak", ["cake_salak"], ["dodol_salak", "salak_chips"]),
    ("fresh snake fruit", ["salak_fresh"], []),
    ("peyek kepiting", ["peyek_kepiting"], ["peyek_kacang"]),
    ("crab", ["crab_fresh", "crab_meat"], []),
    ("pasteurized crab meat", ["crab_meat"], ["crab_fresh"]),
    ("chili", ["chili_fresh", "chili_rawit"], ["chili_dried"]),
    ("cabe rawit", ["chili_rawit"], ["chili_fresh"]),
    ("dried chili", ["chili_dried"], ["chili_fresh", "chili_rawit"]),
    ("chili sauce", ["chili_sauce"], []),
    ("ginger", ["ginger"], ["ginger_powder", "ginger_dried"]),
    ("jahe bubuk", ["ginger_powder"], ["ginger", "ginger_dried"]),
    ("turmeric", ["turmeric"], ["turmeric_powder", "temulawak"]),
    ("kunyit", ["turmeric"], ["turmeric_powder", "temulawak"]),
    ("turmeric powder", ["turmeric_powder"], ["turmeric"]),
    ("candlenut", ["candlenut", "candlenut_inshell"], []),
    ("dried anchovy", ["anchovy"], ["dried_fish"]),
    ("ikan asin", ["dried_fish", "anchovy"], ["smoked_fish"]),
    ("salted fish", ["dried_fish", "anchovy"], ["smoked_fish"]),
    ("garam", ["salt"], []),
    ("sea salt", ["salt"], []),
    ("cocoa beans", ["cocoa_beans", "cocoa_fermented", "cocoa_asalan"], ["cocoa_powder"]),
    ("biji kakao", ["cocoa_beans", "cocoa_fermented", "cocoa_asalan"], ["cocoa_powder"]),
    ("chocolate", ["chocolate"], ["cocoa_powder"]),
    (
        "pineapple",
        ["pineapple"],
        ["pineapple_chips", "pineapple_dodol", "pineapple_dried", "pineapple_candied"]
        + ["pineapple_canned"],
    ),
    (
        "nanas",
        ["pineapple"],
        ["pineapple_chips", "pineapple_dodol", "pineapple_dried", "pineapple_candied"]
        + ["pineapple_canned"],
    ),
    ("frozen chicken", ["chicken"], []),
    (
        "rattan handicraft",
        ["rattan", "rattan_more"],
        ["bamboo", "purun_weaving", "purun_more", "pandan_weaving", "water_hyacinth"]
        + ["synthetic_rattan"],
    ),
    (
        "kerajinan anyaman",
        ["rattan", "bamboo", "purun_weaving", "rattan_more", "purun_more", "pandan_weaving"]
        + ["water_hyacinth"],
        ["synthetic_rattan"],
    ),
    (
        "handicraft",
        ["rattan", "bamboo", "purun_weaving", "beads", "wood_carving", "rattan_more"]
        + ["purun_more", "pandan_weaving", "water_hyacinth", "ironwood", "jewellery"],
        ["synthetic_rattan"],
    ),
    ("Dayak beads", ["beads"], ["jewellery"]),
    ("batik", ["batik"], ["sasirangan", "tenun"]),
    ("traditional woven fabric", ["tenun"], ["batik", "sasirangan"]),
    ("robusta coffee beans", ["coffee", "coffee_green", "coffee_roasted"], ["coffee_powder"]),
    ("kopi", ["coffee", "coffee_powder", "coffee_green", "coffee_roasted"], []),
    ("palm sugar", ["palm_sugar"], ["coconut_sugar"]),
    ("gula aren", ["palm_sugar"], ["coconut_sugar"]),
    ("coconut sugar", ["coconut_sugar"], ["palm_sugar"]),
    ("banana chips", ["banana_chips"], ["cassava_chips", "tempe_chips"]),
    ("keripik singkong", ["cassava_chips"], ["banana_chips", "tempe_chips"]),
    ("fish crackers", ["amplang", "fish_crackers"], ["shrimp_crackers"]),
    ("amplang", ["amplang"], ["fish_crackers"]),
    ("prawn crackers", ["shrimp_crackers"], ["fish_crackers", "amplang"]),
    ("honey", ["honey", "kelulut_honey"], []),
    ("madu kelulut", ["kelulut_honey"], ["honey"]),
    ("black pepper", ["pepper", "pepper_ground"], []),
    ("shallots", ["shallot"], ["fried_shallot"]),
    ("seaweed", ["seaweed"], []),
    ("edible bird nest", ["birds_nest"], []),
    ("frozen shrimp", ["shrimp"], ["dried_shrimp"]),
    ("terasi", ["shrimp_paste"], ["dried_shrimp"]),
    ("dried squid", ["squid"], []),
    ("cinnamon", ["cinnamon", "cinnamon_ground"], []),
    ("cloves", ["clove"], []),
    ("nutmeg", ["nutmeg"], []),
    ("virgin coconut oil", ["vco"], ["coconut"]),
    ("agarwood", ["agarwood"], []),
    ("durian", ["durian"], ["durian_dodol"]),
    ("lempok durian", ["durian_dodol"], ["durian"]),
    ("red rice", ["rice"], []),
    ("cashew nuts", ["cashew", "cashew_inshell"], []),
    ("salted eggs", ["egg_salted"], []),
    ("abon ikan", ["fish_floss"], ["beef_floss"]),
    ("mango", ["mango"], ["mango_dried"]),
    ("jeruk", ["orange"], []),
    ("dragon fruit", ["dragon_fruit"], []),
    ("tapioca flour", ["tapioca_flour"], ["cassava_fresh"]),
    ("cassava", ["cassava_fresh"], ["tapioca_flour", "cassava_chips"]),
    ("leather bag", ["leather_goods"], []),
    ("butter cookies", ["cookies"], []),
    ("kacang tanah", ["peanuts"], ["peyek_kacang"]),
    ("tempeh", ["tempe"], ["tempe_chips"]),
]


SPICES = ["ginger", "turmeric", "temulawak", "pepper", "cinnamon", "clove", "nutmeg", "vanilla"]
SPICES += ["lemongrass", "coriander", "cardamom", "pepper_ground", "cinnamon_ground"]
SPICES += ["ginger_powder", "turmeric_powder", "ginger_dried"]
WEAVING = ["rattan", "rattan_more", "bamboo", "purun_weaving", "purun_more", "pandan_weaving"]
WEAVING += ["water_hyacinth"]
CRAFTS = WEAVING + ["beads", "jewellery", "wood_carving", "ironwood"]
TEXTILES = ["batik", "sasirangan", "tenun"]
SEAFOOD = ["fresh_fish", "fish_frozen", "fish_live", "dried_fish", "anchovy", "smoked_fish"]
SEAFOOD += ["shrimp", "dried_shrimp", "crab_fresh", "crab_meat", "squid"]
SEAFOOD_RELATED = ["seaweed", "fish_crackers", "amplang", "shrimp_crackers", "shrimp_paste"]
SEAFOOD_RELATED += ["fish_floss", "fish_balls"]
SNACKS = ["banana_chips", "cassava_chips", "tempe_chips", "salak_chips", "pineapple_chips"]
SNACKS += ["amplang", "fish_crackers", "shrimp_crackers", "peyek_kepiting", "peyek_kacang"]
SOUVENIR_FOOD = SNACKS + ["cake_salak", "dodol_salak", "durian_dodol", "pineapple_dodol"]
SOUVENIR_FOOD += ["cookies", "fish_floss", "beef_floss", "chocolate", "pineapple_candied"]
COCOA_FERMENTED = (["cocoa_fermented"], ["cocoa_beans"])
COCOA_ASALAN = (["cocoa_asalan"], ["cocoa_beans", "cocoa_fermented"])

# The state part: request -> (grade-2 kinds, grade-1 kinds). Written the way dinas staff type
# a buyer's request; the same commodity in another state is left at grade 0 (hard negative),
# except where it is a real substitute (fermented beans for an asalan buyer).
STATE_REQUESTS: list[tuple[str, list[str], list[str]]] = [
    ("biji kakao fermentasi", *COCOA_FERMENTED),
    ("fermented cocoa beans", *COCOA_FERMENTED),
    ("Biji kakao fermentasi kualitas ekspor untuk buyer Turki", *COCOA_FERMENTED),
    ("cocoa beans, HS 1801.00.10", *COCOA_FERMENTED),
    ("biji kakao asalan", *COCOA_ASALAN),
    ("unfermented cocoa beans", *COCOA_ASALAN),
    ("kakao non fermentasi", *COCOA_ASALAN),
    ("nanas kering", ["pineapple_dried"], ["pineapple_chips", "pineapple_candied"]),
    ("dried pineapple", ["pineapple_dried"], ["pineapple_chips", "pineapple_candied"]),
    ("Nanas kering (dehydrated) untuk pasar Turki", ["pineapple_dried"], ["pineapple_candied"]),
    ("manisan nanas", ["pineapple_candied"], ["pineapple_dried", "pineapple_canned"]),
    ("candied pineapple", ["pineapple_candied"], ["pineapple_dried", "pineapple_canned"]),
    ("nanas segar", ["pineapple"], []),
    ("fresh pineapple", ["pineapple"], []),
    ("keripik nanas", ["pineapple_chips"], ["pineapple_dried"]),
    ("canned pineapple in syrup", ["pineapple_canned"], ["pineapple_candied"]),
    ("nanas kaleng", ["pineapple_canned"], ["pineapple_candied"]),
    ("ayam kampung hidup", ["chicken_live"], []),
    ("live village chicken", ["chicken_live"], []),
    ("ayam beku", ["chicken_frozen"], ["chicken_fresh"]),
    ("frozen chicken cuts", ["chicken_frozen"], ["chicken_fresh"]),
    ("karkas ayam segar", ["chicken_fresh"], ["chicken_frozen"]),
    ("kerajinan rotan", ["rattan", "rattan_more"], [k for k in WEAVING if "rattan" not in k]),
    ("tas anyaman rotan", ["rattan", "rattan_more"], [k for k in WEAVING if "rattan" not in k]),
    ("rattan basket", ["rattan", "rattan_more"], [k for k in WEAVING if "rattan" not in k]),
    ("anyaman purun", ["purun_more"], [k for k in WEAVING if "purun" not in k]),
    ("purun bags", ["purun_more"], [k for k in WEAVING if "purun" not in k]),
    ("kerajinan bambu", ["bamboo"], [k for k in WEAVING if k != "bamboo"]),
    ("bamboo crafts", ["bamboo"], [k for k in WEAVING if k != "bamboo"]),
    ("tas enceng gondok", ["water_hyacinth"], [k for k in WEAVING if k != "water_hyacinth"]),
    ("water hyacinth basket", ["water_hyacinth"], [k for k in WEAVING if k != "water_hyacinth"]),
    ("tikar pandan", ["pandan_weaving"], [k for k in WEAVING if k != "pandan_weaving"]),
    ("synthetic rattan furniture", ["synthetic_rattan"], ["rattan"]),
    ("ukiran kayu ulin", ["ironwood"], ["wood_carving"]),
    ("ironwood carving", ["ironwood"], ["wood_carving"]),
    ("kain sasirangan", ["sasirangan"], ["batik", "tenun"]),
    ("sasirangan fabric", ["sasirangan"], ["batik", "tenun"]),
    ("kain tenun ulap doyo", ["tenun"], ["sasirangan", "batik"]),
    ("batik tulis", ["batik"], ["sasirangan", "tenun"]),
    ("jahe segar", ["ginger"], []),
    ("fresh ginger", ["ginger"], []),
    ("ginger powder", ["ginger_powder"], ["ginger_dried"]),
    ("jahe kering", ["ginger_dried"], ["ginger_powder"]),
    ("dried ginger slices", ["ginger_dried"], ["ginger_powder"]),
    ("kunyit bubuk", ["turmeric_powder"], []),
    ("lada bubuk", ["pepper_ground"], ["pepper"]),
    ("black pepper whole", ["pepper_whole"], ["pepper"]),
    ("cinnamon powder", ["cinnamon_ground"], ["cinnamon"]),
    ("kayu manis batang", ["cinnamon_whole"], ["cinnamon"]),
    ("cabai bubuk", ["chili_ground"], ["chili_dried"]),
    ("ikan asin kering", ["dried_fish", "anchovy"], ["smoked_fish"]),
    ("dried salted fish", ["dried_fish", "anchovy"], ["smoked_fish"]),
    ("ikan segar", ["fresh_fish"], ["fish_frozen"]),
    ("fresh fish", ["fresh_fish"], ["fish_frozen"]),
    ("ikan beku", ["fish_frozen"], ["fresh_fish"]),
    ("frozen fish", ["fish_frozen"], ["fresh_fish"]),
    ("ikan salai", ["smoked_fish"], ["dried_fish"]),
    ("ikan kerapu hidup", ["fish_live"], []),
    ("live grouper", ["fish_live"], []),
    ("kepiting hidup", ["crab_live"], []),
    ("live mud crab", ["crab_live"], []),
    ("udang beku", ["shrimp_frozen"], ["shrimp_fresh"]),
    ("cumi kering", ["squid_dried"], []),
    ("frozen squid", ["squid_frozen"], []),
    ("green bean robusta", ["coffee_green"], ["coffee"]),
    ("green coffee beans", ["coffee_green"], ["coffee"]),
    ("kopi sangrai", ["coffee_roasted"], ["coffee_powder", "coffee"]),
    ("roasted coffee beans", ["coffee_roasted"], ["coffee", "coffee_powder"]),
    ("kopi bubuk", ["coffee_powder"], ["coffee_roasted"]),
    ("kemiri kupas", ["candlenut_shelled"], ["candlenut"]),
    ("shelled candlenut", ["candlenut_shelled"], ["candlenut"]),
    ("kemiri gelondong", ["candlenut_inshell"], []),
    ("candlenut in shell", ["candlenut_inshell"], []),
    ("raw cashew nuts in shell", ["cashew_inshell"], ["cashew_raw"]),
    ("kacang mete sangrai", ["cashew_roasted"], ["cashew"]),
    ("teh hitam", ["tea_black"], []),
    ("green tea", ["tea"], []),
    ("desiccated coconut", ["coconut_desiccated"], ["coconut"]),
    ("rempah-rempah", SPICES, ["candlenut", "chili_dried"]),
    ("spices", SPICES, ["candlenut", "chili_dried"]),
    ("Rempah-rempah khas Kalimantan untuk pameran", SPICES, ["candlenut", "chili_dried"]),
    ("aksesoris", ["beads", "jewellery"], ["leather_goods"]),
    ("accessories", ["beads", "jewellery"], ["leather_goods"]),
    ("kerajinan tangan", CRAFTS, TEXTILES + ["synthetic_rattan", "leather_goods", "ceramics"]),
    ("seafood", SEAFOOD, SEAFOOD_RELATED),
    ("hasil laut", SEAFOOD, SEAFOOD_RELATED),
    ("oleh-oleh", SOUVENIR_FOOD, ["pineapple_dried", "mango_dried"]),
    ("makanan ringan", SNACKS, ["cookies"]),
    ("snacks", SNACKS, ["cookies"]),
]

# request text -> HS code the buyer gave with it
REQUEST_HS: dict[str, str] = {
    "cocoa beans, HS 1801.00.10": "18010010",
    "live village chicken": "0105",
    "green coffee beans": "090111",
    "lada bubuk": "090412",
}


def _grades(
    products: list[dict[str, object]], same: list[str], related: list[str]
) -> dict[int, int]:
    known = set(KINDS) | set(ALSO.values())
    for kind in same + related:
        assert kind in known, kind
    grades: dict[int, int] = {}
    for p in products:
        kinds = {p["kind"], p.get("also")}
        grade = 2 if kinds & set(same) else 1 if kinds & set(related) else 0
        if grade:
            grades[int(str(p["product_id"]))] = grade
    return grades


def main() -> None:
    products: list[dict[str, object]] = []
    for kind, names in KINDS.items():
        for name in names:
            product: dict[str, object] = {
                "product_id": len(products) + 1,
                "name": name,
                "kind": kind,
            }
            if name in ALSO:
                product["also"] = ALSO[name]
            products.append(product)
    assert set(ALSO) <= {p["name"] for p in products}
    requests = []
    parts = [("old", r) for r in REQUESTS] + [("state", r) for r in STATE_REQUESTS]
    for i, (part, (text, same, related)) in enumerate(parts, start=1):
        grades = _grades(products, same, related)
        request: dict[str, object] = {"request_id": i, "part": part, "text": text}
        if text in REQUEST_HS:
            request["hs_code"] = REQUEST_HS[text]
        request["grades"] = {str(k): v for k, v in sorted(grades.items())}
        requests.append(request)
    data = {
        "about": (
            "Hand-graded matching evaluation set: 2 = same product, 1 = substitute or related, "
            "0 = unrelated (unlisted pairs). Built by build_eval_set.py from kinds judged by a "
            "person. part: old = the first set, state = answers that depend on state, process, "
            "grade or material, and category requests."
        ),
        "products": products,
        "requests": requests,
    }
    path = Path(__file__).with_name("eval_set.json")
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    counts = {part: sum(1 for r in requests if r["part"] == part) for part in ("old", "state")}
    print(f"{counts} requests, {len(products)} products -> {path}")


if __name__ == "__main__":
    main()
