"""Writes eval_set.json: hand-graded requests x UMKM products for bench/eval_matching.py.

Products are listed by kind (what they really are, judged by a person, not by the engine);
each request names the kinds that are the same product (grade 2) and the kinds that are a
substitute or closely related (grade 1). Every other pair is grade 0. Run once and commit
the JSON; edit the lists here, not the JSON.
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
    ("ginger", ["ginger"], ["ginger_powder"]),
    ("jahe bubuk", ["ginger_powder"], ["ginger"]),
    ("turmeric", ["turmeric"], ["turmeric_powder", "temulawak"]),
    ("kunyit", ["turmeric"], ["turmeric_powder", "temulawak"]),
    ("turmeric powder", ["turmeric_powder"], ["turmeric"]),
    ("candlenut", ["candlenut"], []),
    ("dried anchovy", ["anchovy"], ["dried_fish"]),
    ("ikan asin", ["dried_fish", "anchovy"], ["smoked_fish"]),
    ("salted fish", ["dried_fish", "anchovy"], ["smoked_fish"]),
    ("garam", ["salt"], []),
    ("sea salt", ["salt"], []),
    ("cocoa beans", ["cocoa_beans"], ["cocoa_powder"]),
    ("biji kakao", ["cocoa_beans"], ["cocoa_powder"]),
    ("chocolate", ["chocolate"], ["cocoa_powder"]),
    ("pineapple", ["pineapple"], ["pineapple_chips", "pineapple_dodol"]),
    ("nanas", ["pineapple"], ["pineapple_chips", "pineapple_dodol"]),
    ("frozen chicken", ["chicken"], []),
    ("rattan handicraft", ["rattan"], ["bamboo", "purun_weaving"]),
    ("kerajinan anyaman", ["rattan", "bamboo", "purun_weaving"], []),
    ("handicraft", ["rattan", "bamboo", "purun_weaving", "beads", "wood_carving"], []),
    ("Dayak beads", ["beads"], []),
    ("batik", ["batik"], ["sasirangan", "tenun"]),
    ("traditional woven fabric", ["tenun"], ["batik", "sasirangan"]),
    ("robusta coffee beans", ["coffee"], ["coffee_powder"]),
    ("kopi", ["coffee", "coffee_powder"], []),
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
    ("black pepper", ["pepper"], []),
    ("shallots", ["shallot"], ["fried_shallot"]),
    ("seaweed", ["seaweed"], []),
    ("edible bird nest", ["birds_nest"], []),
    ("frozen shrimp", ["shrimp"], ["dried_shrimp"]),
    ("terasi", ["shrimp_paste"], ["dried_shrimp"]),
    ("dried squid", ["squid"], []),
    ("cinnamon", ["cinnamon"], []),
    ("cloves", ["clove"], []),
    ("nutmeg", ["nutmeg"], []),
    ("virgin coconut oil", ["vco"], ["coconut"]),
    ("agarwood", ["agarwood"], []),
    ("durian", ["durian"], ["durian_dodol"]),
    ("lempok durian", ["durian_dodol"], ["durian"]),
    ("red rice", ["rice"], []),
    ("cashew nuts", ["cashew"], []),
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


def main() -> None:
    products = []
    for kind, names in KINDS.items():
        for name in names:
            products.append({"product_id": len(products) + 1, "name": name, "kind": kind})
    requests = []
    for i, (text, same, related) in enumerate(REQUESTS, start=1):
        for kind in same + related:
            assert kind in KINDS, kind
        grades = {p["product_id"]: 2 for p in products if p["kind"] in same}
        grades |= {p["product_id"]: 1 for p in products if p["kind"] in related}
        requests.append(
            {
                "request_id": i,
                "text": text,
                "grades": {str(k): v for k, v in sorted(grades.items())},
            }
        )
    data = {
        "about": (
            "Hand-graded matching evaluation set: 2 = same product, 1 = substitute or related, "
            "0 = unrelated (unlisted pairs). Built by build_eval_set.py from kinds judged by a "
            "person."
        ),
        "products": products,
        "requests": requests,
    }
    path = Path(__file__).with_name("eval_set.json")
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(requests)} requests, {len(products)} products -> {path}")


if __name__ == "__main__":
    main()
