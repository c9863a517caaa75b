"""The demo data set: buyers, UMKM with products, capacity and certificates, buyer requests.

Written as of November 2026 (capacity months 2025-12 .. 2026-11, requests starting 2027-01 ..
2027-03); app/demo.py loads it through the service layer and moves every month forward when
it is loaded later. Plain literal Python: nothing here reads a file.

The story, built on East Kalimantan's situation:

* Balikpapan (64.71) makers of cake salak, bonting and peyek kepiting face a Swiss buyer (cake
  salak) and a Chinese buyer (peyek kepiting) whose quota and continuity no single maker meets.
* A Kutai Timur (64.08) cocoa and pineapple farmer group, with neighbours, faces a Dutch cocoa
  buyer and a Malaysian (Tawau, Sabah) pineapple buyer.
* A trade mission: wholesalers of East and South Kalimantan (country "ID") buy chili, ginger,
  turmeric, candlenut, salt, dried fish, chicken and rattan ware from UMKM of East Kalimantan,
  South Kalimantan and East Java.

Everything is invented: business and person names, addresses, NIB and certificate numbers,
phone numbers (valid in form, not known to be anyone's) and e-mail addresses, which all live
under example.com / example.org / example.net. Every NIB starts with "99" followed by the
four digits of the regency code, a pattern chosen so the numbers read as made up. Regency
codes are Kemendagri kabupaten/kota codes and HS codes are HS 2022 / BTKI 2022 lines, both
checked against the project's reference data when this file was written.

Capacity data has deliberate quality problems, as real reports do: months not reported are
left out (see CAPACITY_GAPS), some products stopped reporting (stale), some figures come in
ton or kuintal, and one product is counted in pcs without a unit weight
(UNCONVERTIBLE_PRODUCTS).
"""

from collections.abc import Sequence
from typing import NotRequired, TypedDict


class BuyerSeed(TypedDict):
    key: str
    name: str
    country: str  # ISO 3166-1 alpha-2
    city: str
    contact_name: str
    email: str
    phone: str
    preferred_language: str  # ISO 639-1: "en", "id", "zh", "de", ...


class CertificateSeed(TypedDict):
    type: str
    number: str
    issuer: str
    issued_on: str  # YYYY-MM-DD
    expires_on: str | None
    product_key: NotRequired[str]  # absent: the certificate covers the whole UMKM


class ProductSeed(TypedDict):
    key: str
    name: str
    description: str
    hs_code: str | None
    unit: str
    unit_weight_kg: float | None
    shelf_life_days: int | None
    capacity: dict[str, tuple[float, str]]  # "YYYY-MM" -> (quantity, unit); gaps left out


class UmkmSeed(TypedDict):
    key: str
    name: str
    nib: str | None
    owner_name: str
    phone: str
    email: str | None
    regency_code: str
    address: str
    koperasi: str | None
    has_exported: bool
    products: list[ProductSeed]
    certificates: list[CertificateSeed]


class BuyerRequestSeed(TypedDict):
    key: str
    buyer_key: str
    product: str
    hs_code: str | None
    quantity: float
    unit: str
    # Only for a request in a counted unit: the service converts it to kg with this weight.
    unit_weight_kg: NotRequired[float]
    start_month: str  # YYYY-MM
    months: int
    required_certifications: list[str]
    target_price: str | None  # decimal string, per `unit`, in `currency`
    currency: str | None
    incoterm: str | None
    destination_country: str | None
    status: str  # "open" | "matched" | "closed"
    notes: str


# The twelve capacity months of the seed, oldest first.
MONTHS: tuple[str, ...] = (
    "2025-12",
    "2026-01",
    "2026-02",
    "2026-03",
    "2026-04",
    "2026-05",
    "2026-06",
    "2026-07",
    "2026-08",
    "2026-09",
    "2026-10",
    "2026-11",
)


def _months(values: Sequence[float | None], unit: str) -> dict[str, tuple[float, str]]:
    """Capacity for MONTHS (Dec 2025 .. Nov 2026) from 12 figures; None = not reported."""
    if len(values) != len(MONTHS):
        raise ValueError(f"need {len(MONTHS)} monthly figures, got {len(values)}")
    return {
        month: (value, unit)
        for month, value in zip(MONTHS, values, strict=True)
        if value is not None
    }


# Issuers, spelled once.
OSS = "Lembaga OSS, Kementerian Investasi dan Hilirisasi/BKPM"
BPJPH = "BPJPH (Badan Penyelenggara Jaminan Produk Halal)"
BPOM = "Badan POM RI"
KKP = "Kementerian Kelautan dan Perikanan (Ditjen PDSPKP)"
GACC = "General Administration of Customs of the PRC (GACC)"


def _nib(nib: str, issued_on: str) -> CertificateSeed:
    """The NIB certificate of a UMKM: its number is the NIB itself; an NIB does not expire."""
    return {"type": "NIB", "number": nib, "issuer": OSS, "issued_on": issued_on, "expires_on": None}


# Products whose capacity does not cover all twelve months, and why. Everything else reports
# every month from 2025-12 to 2026-11.
CAPACITY_GAPS: dict[str, str] = {
    "product-bpp-gunungbahagia-cake-salak": "gaps: 2026-02 and 2026-07 not reported",
    "product-bpp-sepinggan-cake-salak": "stale: nothing reported after 2026-04",
    "product-bpp-kampungbaru-peyek": "gaps: 2026-01 and 2026-08 not reported",
    "product-kutim-kaubun-kakao": "gaps: 2026-02 and 2026-07 not reported",
    "product-kutim-rantaupulung-nanas": "stale: nothing reported after 2026-05",
    "product-ppu-babulu-cabai-rawit": "stale: nothing reported after 2026-04",
    "product-bontang-kuala-ikan-asin": "gaps: 2026-01, 2026-02 and 2026-09 not reported",
    "product-bjm-jingah-sasirangan": "stale: nothing reported after 2026-03",
    "product-malang-ngantang-cabai-rawit": "gaps: 2026-03 and 2026-06 not reported",
    "product-jember-kunyit": "gaps: 2026-04 not reported",
    "product-jember-jahe": "gaps: 2026-04 not reported",
    "product-sumenep-pragaan-garam": "gaps: 2026-01 .. 2026-04 not reported (off season)",
    "product-hss-nagara-purun": "stale: nothing reported after 2026-05",
}

# Products counted in a unit whose weight is unknown, so their capacity cannot be converted to
# kg (a data-quality gap a trade office has to chase).
UNCONVERTIBLE_PRODUCTS: frozenset[str] = frozenset({"product-bpp-klandasan-bonting"})


BUYERS: list[BuyerSeed] = [
    {
        "key": "buyer-ch-zurich-tropenkost",
        "name": "Zürcher Tropenkost AG",
        "country": "CH",
        "city": "Zürich",
        "contact_name": "Martina Keller",
        "email": "m.keller@tropenkost.example.com",
        "phone": "+41445550192",
        "preferred_language": "de",
    },
    {
        "key": "buyer-cn-xiamen-haiwei",
        "name": "Xiamen Haiwei Snack Trading Co., Ltd.",
        "country": "CN",
        "city": "Xiamen",
        "contact_name": "Chen Liwei",
        "email": "chen.liwei@haiwei-snack.example.com",
        "phone": "+8613906012345",
        "preferred_language": "zh",
    },
    {
        "key": "buyer-nl-zaan-cacao",
        "name": "Zaanstreek Cacao Handel B.V.",
        "country": "NL",
        "city": "Zaandam",
        "contact_name": "Joris van der Meulen",
        "email": "sourcing@zaancacao.example.net",
        "phone": "+31755551234",
        "preferred_language": "nl",
    },
    {
        "key": "buyer-my-tawau-fresh",
        "name": "Tawau Fresh Produce Sdn. Bhd.",
        "country": "MY",
        "city": "Tawau",
        "contact_name": "Lim Wei Keat",
        "email": "purchasing@tawaufresh.example.com",
        "phone": "+6089771234",
        "preferred_language": "ms",
    },
    {
        "key": "buyer-sg-straits-seafood",
        "name": "Straits Dried Seafood Pte. Ltd.",
        "country": "SG",
        "city": "Singapore",
        "contact_name": "Tan Mei Ling",
        "email": "meiling.tan@straits-seafood.example.org",
        "phone": "+6562214567",
        "preferred_language": "en",
    },
    {
        "key": "buyer-id-samarinda-cabai",
        "name": "UD Sumber Cabai Mahakam",
        "country": "ID",
        "city": "Samarinda",
        "contact_name": "H. Rusdi Effendi",
        "email": "rusdi@cabaimahakam.example.com",
        "phone": "+625417781234",
        "preferred_language": "id",
    },
    {
        "key": "buyer-id-banjarmasin-rempah",
        "name": "CV Rempah Banua Sejahtera",
        "country": "ID",
        "city": "Banjarmasin",
        "contact_name": "Hj. Siti Rahmah",
        "email": "pembelian@rempahbanua.example.com",
        "phone": "+625113354321",
        "preferred_language": "id",
    },
    {
        "key": "buyer-id-balikpapan-garam",
        "name": "PT Borneo Garam Distribusi",
        "country": "ID",
        "city": "Balikpapan",
        "contact_name": "Yusuf Maulana",
        "email": "yusuf@borneogaram.example.com",
        "phone": "+62542871234",
        "preferred_language": "id",
    },
    {
        "key": "buyer-id-samarinda-ikan",
        "name": "CV Bahari Mahakam Niaga",
        "country": "ID",
        "city": "Samarinda",
        "contact_name": "Irwansyah Putra",
        "email": "irwansyah@baharimahakam.example.net",
        "phone": "+6281350127744",
        "preferred_language": "id",
    },
    {
        "key": "buyer-id-balikpapan-kriya",
        "name": "Galeri Kriya Borneo Balikpapan",
        "country": "ID",
        "city": "Balikpapan",
        "contact_name": "Dewi Anggraini",
        "email": "dewi@kriyaborneo.example.org",
        "phone": "+6281152340981",
        "preferred_language": "id",
    },
    {
        "key": "buyer-id-ppu-pangan",
        "name": "CV Pangan Nusantara Sepaku",
        "country": "ID",
        "city": "Penajam Paser Utara",
        "contact_name": "Ahmad Fauzi",
        "email": "fauzi@pangansepaku.example.com",
        "phone": "+6285247113390",
        "preferred_language": "id",
    },
]


UMKM: list[UmkmSeed] = [
    # ------------------------------------------------------------ Balikpapan (64.71): cake salak
    {
        "key": "umkm-balikpapan-salak-1",
        "name": "Dapur Salak Mama Ani",
        "nib": "9964710000101",
        "owner_name": "Ani Suryani",
        "phone": "+6281254712345",
        "email": "mamaani@dapursalak.example.com",
        "regency_code": "64.71",
        "address": "Jl. Mulawarman Gg. Salak No. 14, RT 21, Kel. Teritip, Kec. Balikpapan Timur",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-bpp-ani-cake-salak",
                "name": "Cake Salak",
                "description": (
                    "Kue salak panggang dari buah salak kebun Balikpapan Timur, dikemas "
                    "kotak karton 500 g dengan plastik segel. Produksi dapur rumah dengan "
                    "dua oven deck."
                ),
                "hs_code": "19059030",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 90,
                "capacity": _months(
                    [520, 480, 450, 470, 500, 550, 530, 500, 510, 520, 540, 550], "kg"
                ),
            },
            {
                "key": "product-bpp-ani-dodol-salak",
                "name": "Dodol Salak",
                "description": "Dodol salak dibungkus kertas minyak, kemasan mika 250 g.",
                "hs_code": "17049099",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 60,
                "capacity": _months([80, 70, 70, 75, 80, 90, 90, 85, 80, 80, 85, 90], "kg"),
            },
        ],
        "certificates": [
            _nib("9964710000101", "2021-03-15"),
            {
                "type": "PIRT",
                "number": "2066471010112-26",
                "issuer": "Pemerintah Kota Balikpapan (DPMPTSP)",
                "issued_on": "2021-06-10",
                "expires_on": "2026-06-10",
                "product_key": "product-bpp-ani-dodol-salak",
            },
            {
                "type": "HALAL",
                "number": "ID64110000118730923",
                "issuer": BPJPH,
                "issued_on": "2023-09-18",
                "expires_on": None,
            },
            {
                "type": "BPOM_MD",
                "number": "BPOM RI MD 224916401123",
                "issuer": BPOM,
                "issued_on": "2024-02-20",
                "expires_on": "2029-02-20",
                "product_key": "product-bpp-ani-cake-salak",
            },
        ],
    },
    {
        "key": "umkm-balikpapan-salak-2",
        "name": "Bolu Salak Karang Joang",
        "nib": "9964710000102",
        "owner_name": "Hj. Nurhayati",
        "phone": "+6285346102231",
        "email": "bolusalak.kj@umkm.example.com",
        "regency_code": "64.71",
        "address": "Jl. Soekarno-Hatta Km 12, RT 05, Kel. Karang Joang, Kec. Balikpapan Utara",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-bpp-karangjoang-cake-salak",
                "name": "Bolu Cake Salak (box 500 g)",
                "description": (
                    "Cake salak lembut dalam box karton 500 g, enam potong per box. Kapasitas "
                    "dicatat dalam jumlah box."
                ),
                "hs_code": "19059030",
                "unit": "box",
                "unit_weight_kg": 0.5,
                "shelf_life_days": 60,
                "capacity": _months(
                    [950, 880, 860, 900, 920, 1000, 980, 940, 920, 950, 960, 1000], "box"
                ),
            },
        ],
        "certificates": [
            _nib("9964710000102", "2020-11-02"),
            {
                "type": "PIRT",
                "number": "2066471010245-25",
                "issuer": "Pemerintah Kota Balikpapan (DPMPTSP)",
                "issued_on": "2020-12-01",
                "expires_on": "2025-12-01",
            },
            {
                "type": "HALAL",
                "number": "ID64110000207140522",
                "issuer": BPJPH,
                "issued_on": "2022-05-24",
                "expires_on": "2026-05-24",
            },
            {
                "type": "HALAL",
                "number": "ID64110000207140526",
                "issuer": BPJPH,
                "issued_on": "2026-05-20",
                "expires_on": None,
            },
            {
                "type": "BPOM_MD",
                "number": "BPOM RI MD 222916401045",
                "issuer": BPOM,
                "issued_on": "2022-02-28",
                "expires_on": "2027-02-28",
                "product_key": "product-bpp-karangjoang-cake-salak",
            },
        ],
    },
    {
        "key": "umkm-balikpapan-salak-3",
        "name": "Cake Salak Teritip Bu Yati",
        "nib": "9964710000103",
        "owner_name": "Suryati",
        "phone": "+6281347726610",
        "email": "buyati.teritip@umkm.example.com",
        "regency_code": "64.71",
        "address": "Jl. Proklamasi RT 09 No. 3, Kel. Teritip, Kec. Balikpapan Timur",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-bpp-teritip-cake-salak",
                "name": "Kue Salak Teritip",
                "description": (
                    "Kue salak loyang persegi 500 g, dijual per loyang di toko oleh-oleh "
                    "Balikpapan. Dicatat per pcs (loyang)."
                ),
                "hs_code": "19059030",
                "unit": "pcs",
                "unit_weight_kg": 0.5,
                "shelf_life_days": 21,
                "capacity": _months(
                    [420, 380, 350, 360, 380, 450, 430, 400, 400, 410, 420, 450], "pcs"
                ),
            },
        ],
        "certificates": [
            _nib("9964710000103", "2022-07-08"),
            {
                "type": "PIRT",
                "number": "2066471010378-27",
                "issuer": "Pemerintah Kota Balikpapan (DPMPTSP)",
                "issued_on": "2022-08-01",
                "expires_on": "2027-08-01",
            },
            {
                "type": "HALAL",
                "number": "ID64110000431220223",
                "issuer": BPJPH,
                "issued_on": "2023-02-13",
                "expires_on": None,
            },
        ],
    },
    {
        "key": "umkm-balikpapan-salak-4",
        "name": "Rumah Kue Gunung Bahagia",
        "nib": "9964710000104",
        "owner_name": "Ratna Dewi Lestari",
        "phone": "+6282155667788",
        "email": "rumahkue.gb@umkm.example.com",
        "regency_code": "64.71",
        "address": "Jl. MT Haryono Komplek Balikpapan Baru Blok C No. 8, Kel. Gunung Bahagia",
        "koperasi": "Koperasi UMKM Kuliner Balikpapan",
        "has_exported": False,
        "products": [
            {
                "key": "product-bpp-gunungbahagia-cake-salak",
                "name": "Cake Salak Premium",
                "description": "Cake salak dengan topping keju, kotak 400 g.",
                "hs_code": "19059030",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 75,
                "capacity": _months(
                    [350, 320, None, 330, 340, 380, 370, None, 340, 350, 360, 380], "kg"
                ),
            },
            {
                "key": "product-bpp-gunungbahagia-bonting",
                "name": "Bonting",
                "description": (
                    "Bonting, makanan khas lokal Balikpapan/Kalimantan Timur yang dijual sebagai "
                    "oleh-oleh. Bahan, bentuk dan kode HS perlu dikonfirmasi dengan pemilik."
                ),
                "hs_code": None,
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": None,
                "capacity": _months([60, 55, 50, 55, 60, 70, 65, 60, 60, 60, 65, 70], "kg"),
            },
        ],
        "certificates": [
            _nib("9964710000104", "2019-10-21"),
            {
                "type": "HALAL",
                "number": "ID64110000356610424",
                "issuer": BPJPH,
                "issued_on": "2024-04-02",
                "expires_on": None,
            },
            {
                "type": "BPOM_MD",
                "number": "BPOM RI MD 225016401310",
                "issuer": BPOM,
                "issued_on": "2025-03-11",
                "expires_on": "2030-03-11",
                "product_key": "product-bpp-gunungbahagia-cake-salak",
            },
        ],
    },
    {
        "key": "umkm-balikpapan-salak-5",
        "name": "Oleh-Oleh Salak Sepinggan",
        "nib": "9964710000105",
        "owner_name": "Andi Baso Rahman",
        "phone": "+6281253308812",
        "email": None,
        "regency_code": "64.71",
        "address": "Jl. Marsma R. Iswahyudi RT 33, Kel. Sepinggan, Kec. Balikpapan Selatan",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-bpp-sepinggan-cake-salak",
                "name": "Cake Salak Oleh-Oleh",
                "description": "Cake salak untuk pasar oleh-oleh bandara; dicatat dalam kuintal.",
                "hs_code": "19059030",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 30,
                "capacity": _months(
                    [3.0, 2.5, 2.5, 2.8, 3.0, None, None, None, None, None, None, None],
                    "kuintal",
                ),
            },
        ],
        "certificates": [
            _nib("9964710000105", "2020-02-17"),
            {
                "type": "PIRT",
                "number": "2066471010421-25",
                "issuer": "Pemerintah Kota Balikpapan (DPMPTSP)",
                "issued_on": "2020-03-02",
                "expires_on": "2025-03-02",
            },
            {
                "type": "HALAL",
                "number": "ID64110000098800622",
                "issuer": BPJPH,
                "issued_on": "2022-06-30",
                "expires_on": "2026-06-30",
            },
        ],
    },
    # ---------------------------------------------------------- Balikpapan: bonting, peyek
    {
        "key": "umkm-balikpapan-bonting-1",
        "name": "Bonting Nek Imah Klandasan",
        "nib": None,
        "owner_name": "Halimah",
        "phone": "+6281346651203",
        "email": None,
        "regency_code": "64.71",
        "address": "Jl. Jenderal Sudirman Gg. Kenari RT 04, Kel. Klandasan Ilir, Balikpapan Kota",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-bpp-klandasan-bonting",
                "name": "Bonting Khas Balikpapan",
                "description": (
                    "Bonting, makanan khas lokal Balikpapan/Kalimantan Timur, dibuat rumahan "
                    "dan dijual per biji. Berat per biji belum dicatat; bahan dan kode HS "
                    "belum dikonfirmasi."
                ),
                "hs_code": None,
                "unit": "pcs",
                "unit_weight_kg": None,
                "shelf_life_days": None,
                "capacity": _months(
                    [600, 550, 500, 800, 900, 650, 600, 600, 600, 620, 650, 700], "pcs"
                ),
            },
        ],
        "certificates": [],
    },
    {
        "key": "umkm-balikpapan-peyek-1",
        "name": "KUB Peyek Kepiting Manggar",
        "nib": "9964710000107",
        "owner_name": "Muhammad Yamin",
        "phone": "+6281154012330",
        "email": "kub.manggar@peyekkepiting.example.com",
        "regency_code": "64.71",
        "address": "Jl. Mulawarman RT 16, Kel. Manggar Baru, Kec. Balikpapan Timur",
        "koperasi": "Koperasi Nelayan Manggar Sejahtera",
        "has_exported": True,
        "products": [
            {
                "key": "product-bpp-manggar-peyek",
                "name": "Peyek Kepiting",
                "description": (
                    "Rempeyek kepiting bakau utuh kecil dari tangkapan nelayan Manggar, "
                    "digoreng kering, kemasan standing pouch 100 g dan 250 g. Pasokan "
                    "kepiting turun saat musim angin barat (Desember - Februari)."
                ),
                "hs_code": "19059080",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 180,
                "capacity": _months(
                    [420, 400, 450, 600, 650, 680, 700, 700, 680, 650, 620, 600], "kg"
                ),
            },
        ],
        "certificates": [
            _nib("9964710000107", "2019-05-06"),
            {
                "type": "HALAL",
                "number": "ID64110000264450323",
                "issuer": BPJPH,
                "issued_on": "2023-03-27",
                "expires_on": None,
            },
            {
                "type": "BPOM_MD",
                "number": "BPOM RI MD 223116401207",
                "issuer": BPOM,
                "issued_on": "2023-07-19",
                "expires_on": "2028-07-19",
                "product_key": "product-bpp-manggar-peyek",
            },
            {
                "type": "SKP",
                "number": "SKP-6471/PDSPKP/2024/0312",
                "issuer": KKP,
                "issued_on": "2024-04-15",
                "expires_on": "2028-04-15",
            },
            {
                "type": "GACC",
                "number": "CIDN64712026000118",
                "issuer": GACC,
                "issued_on": "2026-03-09",
                "expires_on": "2031-03-09",
                "product_key": "product-bpp-manggar-peyek",
            },
        ],
    },
    {
        "key": "umkm-balikpapan-peyek-2",
        "name": "Peyek Kepiting Lamaru Jaya",
        "nib": "9964710000108",
        "owner_name": "Sitti Aminah",
        "phone": "+6285250841176",
        "email": "lamarujaya@peyekkepiting.example.com",
        "regency_code": "64.71",
        "address": "Jl. Mulawarman Km 21 RT 03, Kel. Lamaru, Kec. Balikpapan Timur",
        "koperasi": "Koperasi Nelayan Manggar Sejahtera",
        "has_exported": False,
        "products": [
            {
                "key": "product-bpp-lamaru-peyek",
                "name": "Peyek Kepiting Renyah (pack 200 g)",
                "description": "Peyek kepiting dalam pack 200 g; kapasitas dicatat per pack.",
                "hs_code": "19059080",
                "unit": "pack",
                "unit_weight_kg": 0.2,
                "shelf_life_days": 150,
                "capacity": _months(
                    [1500, 1450, 1500, 1800, 1850, 1900, 1900, 1850, 1800, 1800, 1750, 1700],
                    "pack",
                ),
            },
        ],
        "certificates": [
            _nib("9964710000108", "2021-01-25"),
            {
                "type": "PIRT",
                "number": "2066471020513-26",
                "issuer": "Pemerintah Kota Balikpapan (DPMPTSP)",
                "issued_on": "2021-02-15",
                "expires_on": "2026-02-15",
            },
            {
                "type": "HALAL",
                "number": "ID64110000377190124",
                "issuer": BPJPH,
                "issued_on": "2024-01-22",
                "expires_on": None,
            },
            {
                "type": "BPOM_MD",
                "number": "BPOM RI MD 225116401422",
                "issuer": BPOM,
                "issued_on": "2025-08-04",
                "expires_on": "2030-08-04",
                "product_key": "product-bpp-lamaru-peyek",
            },
        ],
    },
    {
        "key": "umkm-balikpapan-peyek-3",
        "name": "Rempeyek Kepiting Kampung Baru",
        "nib": "9964710000109",
        "owner_name": "Daeng Mappiasse",
        "phone": "+6281351190427",
        "email": None,
        "regency_code": "64.71",
        "address": "Jl. Sulawesi RT 27 (rumah panggung), Kel. Baru Ulu, Kec. Balikpapan Barat",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-bpp-kampungbaru-peyek",
                "name": "Rempeyek Kepiting",
                "description": "Rempeyek kepiting rajungan kecil, kemasan plastik 250 g.",
                "hs_code": "19059080",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 90,
                "capacity": _months(
                    [160, None, 150, 200, 220, 240, 250, None, 230, 220, 210, 200], "kg"
                ),
            },
        ],
        "certificates": [
            _nib("9964710000109", "2022-09-12"),
            {
                "type": "PIRT",
                "number": "2066471020634-27",
                "issuer": "Pemerintah Kota Balikpapan (DPMPTSP)",
                "issued_on": "2022-10-03",
                "expires_on": "2027-10-03",
            },
            {
                "type": "HALAL",
                "number": "ID64110000150060123",
                "issuer": BPJPH,
                "issued_on": "2023-01-15",
                "expires_on": "2027-01-15",
            },
        ],
    },
    # ------------------------------------------------------ Kutai Timur (64.08): cocoa, pineapple
    {
        "key": "umkm-kutim-kakao-1",
        "name": "Kelompok Tani Kakao Kaliorang Maju",
        "nib": "9964080000201",
        "owner_name": "Samsul Bahri (ketua kelompok)",
        "phone": "+6281250773341",
        "email": "kaliorangmaju@kakaokutim.example.com",
        "regency_code": "64.08",
        "address": "Desa Bukit Makmur, Kec. Kaliorang, Kabupaten Kutai Timur",
        "koperasi": "Koperasi Produsen Kakao Kutim Sejahtera",
        "has_exported": False,
        "products": [
            {
                "key": "product-kutim-kaliorang-kakao",
                "name": "Biji Kakao Fermentasi",
                "description": (
                    "Biji kakao fermentasi 5 hari di kotak kayu, dijemur hingga kadar air "
                    "sekitar 7 %, karung goni 60 kg. Panen raya April - Juli; panen sela "
                    "Oktober - Desember. Kapasitas dicatat dalam ton."
                ),
                "hs_code": "18010010",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 365,
                "capacity": _months(
                    [1.8, 1.2, 1.4, 2.5, 4.5, 6.0, 6.5, 5.5, 3.0, 2.0, 2.2, 1.9], "ton"
                ),
            },
            {
                "key": "product-kutim-kaliorang-nanas",
                "name": "Nanas Segar",
                "description": (
                    "Nanas queen segar dari kebun anggota, 1 - 1,5 kg per buah, dipanen "
                    "matang pohon. Puncak panen Desember - Februari."
                ),
                "hs_code": "08043000",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 14,
                "capacity": _months([18, 22, 20, 12, 7, 6, 9, 12, 10, 8, 10, 15], "ton"),
            },
        ],
        "certificates": [_nib("9964080000201", "2022-04-11")],
    },
    {
        "key": "umkm-kutim-kakao-2",
        "name": "Koperasi Tani Kakao Kaubun Bersatu",
        "nib": "9964080000202",
        "owner_name": "Wayan Sudarma",
        "phone": "+6282250119904",
        "email": "kaubunbersatu@kakaokutim.example.com",
        "regency_code": "64.08",
        "address": "Desa Bumi Etam, Kec. Kaubun, Kabupaten Kutai Timur",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-kutim-kaubun-kakao",
                "name": "Kakao Fermentasi Organik",
                "description": (
                    "Biji kakao fermentasi dari kebun bersertifikat organik, disortir manual. "
                    "Kapasitas dicatat dalam kuintal."
                ),
                "hs_code": "18010010",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 365,
                "capacity": _months([9, 6, None, 14, 30, 38, 40, None, 20, 12, 10, 9], "kuintal"),
            },
        ],
        "certificates": [
            _nib("9964080000202", "2021-08-30"),
            {
                "type": "ORGANIC",
                "number": "LSO-012-IDN/2024/0087",
                "issuer": "Lembaga Sertifikasi Organik terakreditasi KAN",
                "issued_on": "2024-03-01",
                "expires_on": "2027-03-01",
                "product_key": "product-kutim-kaubun-kakao",
            },
        ],
    },
    {
        "key": "umkm-kutim-kakao-3",
        "name": "Kelompok Tani Sangkulirang Hijau",
        "nib": "9964080000203",
        "owner_name": "Rahmat Hidayat",
        "phone": "+6281347880215",
        "email": None,
        "regency_code": "64.08",
        "address": "Desa Benua Baru, Kec. Sangkulirang, Kabupaten Kutai Timur",
        "koperasi": "Koperasi Produsen Kakao Kutim Sejahtera",
        "has_exported": False,
        "products": [
            {
                "key": "product-kutim-sangkulirang-kakao",
                "name": "Biji Kakao Asalan",
                "description": (
                    "Biji kakao asalan (tidak difermentasi), dijemur di terpal; dijual ke "
                    "pedagang pengumpul."
                ),
                "hs_code": "18010090",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 270,
                "capacity": _months(
                    [1.0, 1.0, 1.5, 2.0, 3.5, 4.0, 4.5, 4.0, 2.5, 1.5, 1.5, 1.0], "ton"
                ),
            },
        ],
        "certificates": [_nib("9964080000203", "2023-05-22")],
    },
    {
        "key": "umkm-kutim-nanas-1",
        "name": "Kelompok Tani Nanas Rantau Pulung",
        "nib": "9964080000204",
        "owner_name": "Sutrisno",
        "phone": "+6285388214406",
        "email": None,
        "regency_code": "64.08",
        "address": "Desa Tanjung Labu, Kec. Rantau Pulung, Kabupaten Kutai Timur",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-kutim-rantaupulung-nanas",
                "name": "Nanas Madu",
                "description": "Nanas segar ukuran sedang, dijual per ton ke pengepul.",
                "hs_code": "08043000",
                "unit": "ton",
                "unit_weight_kg": None,
                "shelf_life_days": 10,
                "capacity": _months(
                    [25, 28, 24, 15, 10, 8, None, None, None, None, None, None], "ton"
                ),
            },
        ],
        "certificates": [_nib("9964080000204", "2023-11-06")],
    },
    # ------------------------------------------------- Kutai Kartanegara (64.02)
    {
        "key": "umkm-kukar-cabai-1",
        "name": "Kelompok Tani Cabai Tenggarong Seberang",
        "nib": "9964020000301",
        "owner_name": "Paijo Sukirman",
        "phone": "+6281253419922",
        "email": "cabai.tgs@tanikukar.example.com",
        "regency_code": "64.02",
        "address": "Desa Bukit Raya, Kec. Tenggarong Seberang, Kabupaten Kutai Kartanegara",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-kukar-tgs-cabai-rawit",
                "name": "Cabai Rawit Merah",
                "description": (
                    "Cabai rawit merah segar dari lahan kering; produksi turun di puncak "
                    "musim hujan."
                ),
                "hs_code": "07096010",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 7,
                "capacity": _months(
                    [1.5, 1.2, 1.5, 2.5, 3.0, 3.5, 4.0, 4.5, 4.0, 3.5, 2.5, 2.0], "ton"
                ),
            },
        ],
        "certificates": [_nib("9964020000301", "2022-01-17")],
    },
    {
        "key": "umkm-kukar-ikan-1",
        "name": "UD Ikan Asin Muara Badak Sejahtera",
        "nib": "9964020000302",
        "owner_name": "H. Lamaddukelleng",
        "phone": "+6285246612087",
        "email": "muarabadak@ikanasin.example.com",
        "regency_code": "64.02",
        "address": "Desa Muara Badak Ilir, Kec. Muara Badak, Kabupaten Kutai Kartanegara",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-kukar-muarabadak-ikan-asin",
                "name": "Ikan Asin Kering (ikan laut campuran)",
                "description": (
                    "Ikan asin belah dari ikan laut (gulamah, layang, kuniran), dijemur "
                    "di para-para; karung 25 kg."
                ),
                "hs_code": "03055929",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 120,
                "capacity": _months(
                    [700, 650, 700, 1000, 1200, 1300, 1400, 1500, 1400, 1300, 1100, 900], "kg"
                ),
            },
        ],
        "certificates": [
            _nib("9964020000302", "2020-06-08"),
            {
                "type": "SKP",
                "number": "SKP-6402/PDSPKP/2023/0144",
                "issuer": KKP,
                "issued_on": "2023-05-10",
                "expires_on": "2027-05-10",
            },
        ],
    },
    {
        "key": "umkm-kukar-rotan-1",
        "name": "Sanggar Anyaman Rotan Kota Bangun",
        "nib": "9964020000303",
        "owner_name": "Hj. Masriah",
        "phone": "+6281346220758",
        "email": "rotankotabangun@kriya.example.org",
        "regency_code": "64.02",
        "address": "Desa Kota Bangun Ulu, Kec. Kota Bangun, Kabupaten Kutai Kartanegara",
        "koperasi": "Koperasi Perajin Rotan Mahakam",
        "has_exported": False,
        "products": [
            {
                "key": "product-kukar-kotabangun-rotan",
                "name": "Keranjang dan Tas Anyaman Rotan",
                "description": (
                    "Anyaman rotan sega: keranjang, tas dan tempat tisu; rata-rata 0,6 kg per pcs."
                ),
                "hs_code": "46021290",
                "unit": "pcs",
                "unit_weight_kg": 0.6,
                "shelf_life_days": None,
                "capacity": _months(
                    [180, 150, 160, 200, 220, 240, 250, 250, 240, 230, 220, 200], "pcs"
                ),
            },
        ],
        "certificates": [
            _nib("9964020000303", "2021-09-13"),
            {
                "type": "SVLK",
                "number": "VLK-IDN-0412/2025",
                "issuer": "LVLK terakreditasi KAN",
                "issued_on": "2025-02-03",
                "expires_on": "2028-02-03",
                "product_key": "product-kukar-kotabangun-rotan",
            },
        ],
    },
    # --------------------------------------------------------------- Samarinda (64.72)
    {
        "key": "umkm-samarinda-jahe-1",
        "name": "KWT Jahe Merah Sempaja",
        "nib": "9964720000401",
        "owner_name": "Sri Wahyuningsih",
        "phone": "+6281255073318",
        "email": "kwtsempaja@rempahkaltim.example.com",
        "regency_code": "64.72",
        "address": "Jl. Padat Karya RT 18, Kel. Sempaja Utara, Kec. Samarinda Utara",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-samarinda-sempaja-jahe",
                "name": "Jahe Merah Segar",
                "description": "Jahe merah umur 9 - 10 bulan, dicuci dan dikeringanginkan.",
                "hs_code": "09101100",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 45,
                "capacity": _months(
                    [350, 300, 300, 350, 400, 450, 500, 600, 650, 600, 500, 400], "kg"
                ),
            },
        ],
        "certificates": [_nib("9964720000401", "2023-02-06")],
    },
    {
        "key": "umkm-samarinda-kriya-1",
        "name": "Kerajinan Manik Dayak Pampang",
        "nib": "9964720000402",
        "owner_name": "Yohana Lenjau",
        "phone": "+6285345902266",
        "email": "manikpampang@kriya.example.org",
        "regency_code": "64.72",
        "address": "Desa Budaya Pampang RT 02, Kel. Sungai Siring, Kec. Samarinda Utara",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-samarinda-pampang-manik",
                "name": "Tas dan Kalung Manik-Manik Dayak",
                "description": (
                    "Tas, kalung dan gelang manik-manik motif Dayak Kenyah, dirangkai tangan "
                    "dari manik kaca; rata-rata 0,15 kg per pcs."
                ),
                "hs_code": "71179020",
                "unit": "pcs",
                "unit_weight_kg": 0.15,
                "shelf_life_days": None,
                "capacity": _months(
                    [300, 250, 250, 280, 300, 320, 350, 400, 380, 350, 330, 320], "pcs"
                ),
            },
            {
                "key": "product-samarinda-pampang-rotan",
                "name": "Anyaman Rotan Motif Dayak",
                "description": "Keranjang dan tas rotan anyaman motif Dayak, 0,5 kg per pcs.",
                "hs_code": "46021290",
                "unit": "pcs",
                "unit_weight_kg": 0.5,
                "shelf_life_days": None,
                "capacity": _months(
                    [100, 90, 90, 110, 120, 140, 150, 160, 160, 150, 140, 130], "pcs"
                ),
            },
        ],
        "certificates": [_nib("9964720000402", "2022-11-21")],
    },
    # --------------------------------------------------------------------- Paser (64.01)
    {
        "key": "umkm-paser-kemiri-1",
        "name": "Kelompok Tani Kemiri Long Ikis",
        "nib": "9964010000501",
        "owner_name": "Abdul Gani",
        "phone": "+6281350446617",
        "email": None,
        "regency_code": "64.01",
        "address": "Desa Long Ikis, Kec. Long Ikis, Kabupaten Paser",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-paser-longikis-kemiri",
                "name": "Kemiri Kupas",
                "description": "Kemiri kupas utuh, dipecah manual, dijemur; karung 50 kg.",
                "hs_code": "08029900",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 180,
                "capacity": _months(
                    [900, 1000, 950, 800, 600, 500, 500, 550, 600, 700, 800, 850], "kg"
                ),
            },
            {
                "key": "product-paser-longikis-kunyit",
                "name": "Kunyit Segar",
                "description": "Kunyit rimpang segar dari kebun campur anggota.",
                "hs_code": "09103000",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 60,
                "capacity": _months(
                    [400, 350, 350, 400, 500, 600, 700, 800, 800, 700, 600, 500], "kg"
                ),
            },
        ],
        "certificates": [_nib("9964010000501", "2022-06-14")],
    },
    # --------------------------------------------------------------------- Berau (64.03)
    {
        "key": "umkm-berau-teri-1",
        "name": "UD Teri Kering Tanjung Batu",
        "nib": "9964030000601",
        "owner_name": "Hamzah Daeng Tawang",
        "phone": "+6281254300581",
        "email": "teri.tanjungbatu@ikanberau.example.com",
        "regency_code": "64.03",
        "address": "Kampung Tanjung Batu, Kec. Pulau Derawan, Kabupaten Berau",
        "koperasi": None,
        "has_exported": True,
        "products": [
            {
                "key": "product-berau-tanjungbatu-teri",
                "name": "Ikan Teri Kering",
                "description": (
                    "Teri nasi dan teri jengki direbus air garam lalu dijemur; disortir per "
                    "ukuran, karton 10 kg. Pernah dikirim ke Tawau, Sabah."
                ),
                "hs_code": "03055921",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 180,
                "capacity": _months(
                    [400, 350, 400, 600, 700, 800, 900, 900, 850, 800, 700, 500], "kg"
                ),
            },
        ],
        "certificates": [
            _nib("9964030000601", "2019-12-02"),
            {
                "type": "SKP",
                "number": "SKP-6403/PDSPKP/2022/0057",
                "issuer": KKP,
                "issued_on": "2022-11-14",
                "expires_on": "2026-11-14",
            },
            {
                "type": "SKP",
                "number": "SKP-6403/PDSPKP/2026/0211",
                "issuer": KKP,
                "issued_on": "2026-10-28",
                "expires_on": "2030-10-28",
            },
        ],
    },
    # ------------------------------------------------------ Penajam Paser Utara (64.09)
    {
        "key": "umkm-ppu-cabai-1",
        "name": "Kelompok Tani Cabai Babulu Darat",
        "nib": None,
        "owner_name": "Sugiyono",
        "phone": "+6285247530019",
        "email": None,
        "regency_code": "64.09",
        "address": "Desa Babulu Darat, Kec. Babulu, Kabupaten Penajam Paser Utara",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-ppu-babulu-cabai-rawit",
                "name": "Cabai Rawit",
                "description": "Cabai rawit hijau dan merah; dicatat dalam kuintal.",
                "hs_code": "07096010",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 7,
                "capacity": _months(
                    [8, 6, 7, 12, 15, None, None, None, None, None, None, None], "kuintal"
                ),
            },
        ],
        "certificates": [],
    },
    {
        "key": "umkm-ppu-ayam-1",
        "name": "RPHU Ayam Halal Sepaku",
        "nib": "9964090000702",
        "owner_name": "Imam Syafii",
        "phone": "+6281351628840",
        "email": "rphu.sepaku@ayamkaltim.example.com",
        "regency_code": "64.09",
        "address": "Jl. Negara Km 38, Kel. Pemaluan, Kec. Sepaku, Kabupaten Penajam Paser Utara",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-ppu-sepaku-ayam-segar",
                "name": "Ayam Potong Segar (karkas utuh)",
                "description": (
                    "Karkas ayam broiler utuh segar dingin dari rumah potong hewan unggas "
                    "kecil; NKV level III (Nomor Kontrol Veteriner) sedang diurus."
                ),
                "hs_code": "02071100",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 3,
                "capacity": _months(
                    [2.0, 2.0, 2.2, 2.5, 2.5, 2.8, 2.5, 2.5, 2.6, 2.8, 3.0, 3.0], "ton"
                ),
            },
        ],
        "certificates": [
            _nib("9964090000702", "2023-08-21"),
            {
                "type": "HALAL",
                "number": "ID64110000512330924",
                "issuer": BPJPH,
                "issued_on": "2024-09-09",
                "expires_on": None,
            },
        ],
    },
    # -------------------------------------------------------------------- Bontang (64.74)
    {
        "key": "umkm-bontang-ikan-1",
        "name": "Ikan Asin Bontang Kuala Ibu Halijah",
        "nib": "9964740000801",
        "owner_name": "Halijah",
        "phone": "+6285250672213",
        "email": None,
        "regency_code": "64.74",
        "address": "Kampung Bontang Kuala RT 07 (permukiman atas laut), Kec. Bontang Utara",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-bontang-kuala-ikan-asin",
                "name": "Ikan Asin Tipis",
                "description": "Ikan asin tipis dan ikan asin belah; dicatat dalam kuintal.",
                "hs_code": "03055929",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 90,
                "capacity": _months([3, None, None, 5, 6, 7, 7, 8, None, 7, 6, 4], "kuintal"),
            },
        ],
        "certificates": [_nib("9964740000801", "2021-04-19")],
    },
    # ---------------------------------------------------- South Kalimantan: Banjarmasin (63.71)
    {
        "key": "umkm-banjarmasin-sasirangan-1",
        "name": "Sasirangan Acil Idah Kampung Melayu",
        "nib": "9963710000901",
        "owner_name": "Hj. Faridah",
        "phone": "+6281251789034",
        "email": "acilidah@sasirangan.example.com",
        "regency_code": "63.71",
        "address": "Jl. Seberang Masjid RT 05, Kel. Kampung Melayu, Kec. Banjarmasin Tengah",
        "koperasi": None,
        "has_exported": True,
        "products": [
            {
                "key": "product-bjm-acilidah-sasirangan",
                "name": "Kain Sasirangan Katun (2 m)",
                "description": (
                    "Kain sasirangan katun, teknik jelujur dan celup, 2 m per lembar, "
                    "sekitar 0,3 kg. Kode HS tergantung serat dan pewarnaan, belum ditetapkan."
                ),
                "hs_code": None,
                "unit": "pcs",
                "unit_weight_kg": 0.3,
                "shelf_life_days": None,
                "capacity": _months(
                    [400, 350, 300, 350, 450, 500, 400, 350, 400, 450, 500, 500], "pcs"
                ),
            },
        ],
        "certificates": [_nib("9963710000901", "2019-08-05")],
    },
    {
        "key": "umkm-banjarmasin-sasirangan-2",
        "name": "Galeri Sasirangan Sungai Jingah",
        "nib": None,
        "owner_name": "Rusdiana",
        "phone": "+6282153440920",
        "email": None,
        "regency_code": "63.71",
        "address": "Jl. Sungai Jingah RT 11, Kel. Sungai Jingah, Kec. Banjarmasin Utara",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-bjm-jingah-sasirangan",
                "name": "Selendang Sasirangan",
                "description": "Selendang sasirangan pewarna alam, 0,2 kg per lembar.",
                "hs_code": None,
                "unit": "pcs",
                "unit_weight_kg": 0.2,
                "shelf_life_days": None,
                "capacity": _months(
                    [150, 120, 120, 140, None, None, None, None, None, None, None, None], "pcs"
                ),
            },
        ],
        "certificates": [],
    },
    # ------------------------------------------------------------------ Banjarbaru (63.72)
    {
        "key": "umkm-banjarbaru-ayam-1",
        "name": "RPHU Barokah Liang Anggang",
        "nib": "9963720001001",
        "owner_name": "H. Muhammad Syarkawi",
        "phone": "+6281348115562",
        "email": "rphu.barokah@ayamkalsel.example.com",
        "regency_code": "63.72",
        "address": "Jl. A. Yani Km 24, Kel. Landasan Ulin Barat, Kec. Liang Anggang",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-banjarbaru-ayam-beku",
                "name": "Ayam Potong Beku (parting)",
                "description": (
                    "Ayam broiler dipotong 8 bagian, dibekukan -18 °C, karton 20 kg. "
                    "Memiliki NKV (Nomor Kontrol Veteriner) level II."
                ),
                "hs_code": "02071499",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 270,
                "capacity": _months(
                    [5.5, 5.0, 5.0, 5.5, 6.0, 6.0, 6.0, 6.5, 6.5, 6.0, 6.0, 6.5], "ton"
                ),
            },
        ],
        "certificates": [
            _nib("9963720001001", "2020-01-13"),
            {
                "type": "HALAL",
                "number": "ID63110000233410421",
                "issuer": BPJPH,
                "issued_on": "2021-04-12",
                "expires_on": "2025-04-12",
            },
            {
                "type": "HALAL",
                "number": "ID63110000233410425",
                "issuer": BPJPH,
                "issued_on": "2025-04-08",
                "expires_on": None,
            },
        ],
    },
    # ---------------------------------------------------------------------- Banjar (63.03)
    {
        "key": "umkm-banjar-rempah-1",
        "name": "Kelompok Tani Empon-Empon Astambul",
        "nib": "9963030001101",
        "owner_name": "Jumberi",
        "phone": "+6285348217760",
        "email": None,
        "regency_code": "63.03",
        "address": "Desa Pingaran Ulu, Kec. Astambul, Kabupaten Banjar",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-banjar-astambul-jahe",
                "name": "Jahe Gajah Segar",
                "description": "Jahe gajah rimpang besar, dicuci, karung 40 kg.",
                "hs_code": "09101100",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 45,
                "capacity": _months(
                    [800, 700, 700, 800, 900, 1000, 1100, 1200, 1200, 1100, 1000, 900], "kg"
                ),
            },
            {
                "key": "product-banjar-astambul-kunyit",
                "name": "Kunyit Segar",
                "description": "Kunyit rimpang segar, karung 40 kg.",
                "hs_code": "09103000",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 60,
                "capacity": _months(
                    [600, 500, 500, 600, 800, 1000, 1200, 1300, 1200, 1000, 800, 700], "kg"
                ),
            },
        ],
        "certificates": [_nib("9963030001101", "2023-03-20")],
    },
    # ------------------------------------------------------------------ Tanah Laut (63.01)
    {
        "key": "umkm-tanahlaut-cabai-1",
        "name": "Kelompok Tani Cabai Rawit Pelaihari",
        "nib": "9963010001201",
        "owner_name": "Suparman",
        "phone": "+6281251330476",
        "email": "cabaipelaihari@tanikalsel.example.com",
        "regency_code": "63.01",
        "address": "Desa Ambungan, Kec. Pelaihari, Kabupaten Tanah Laut",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-tanahlaut-pelaihari-cabai-rawit",
                "name": "Cabai Rawit Hiyung",
                "description": (
                    "Cabai rawit pedas dari lahan rawa dan tegalan; dicatat dalam kuintal."
                ),
                "hs_code": "07096010",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 7,
                "capacity": _months([10, 8, 9, 15, 20, 25, 30, 32, 28, 24, 18, 12], "kuintal"),
            },
        ],
        "certificates": [_nib("9963010001201", "2022-02-28")],
    },
    {
        "key": "umkm-tanahlaut-ayam-1",
        "name": "UD Ayam Potong Segar Bati-Bati",
        "nib": "9963010001202",
        "owner_name": "H. Abdul Hadi",
        "phone": "+6285251098834",
        "email": None,
        "regency_code": "63.01",
        "address": "Desa Bati-Bati, Kec. Bati-Bati, Kabupaten Tanah Laut",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-tanahlaut-batibati-ayam",
                "name": "Ayam Potong Segar",
                "description": "Karkas ayam broiler segar untuk pasar Banjarmasin.",
                "hs_code": "02071100",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 2,
                "capacity": _months(
                    [3.0, 3.0, 3.0, 3.2, 3.5, 3.8, 3.5, 3.5, 3.5, 3.6, 3.8, 4.0], "ton"
                ),
            },
        ],
        "certificates": [
            _nib("9963010001202", "2021-07-05"),
            {
                "type": "HALAL",
                "number": "ID63110000419920723",
                "issuer": BPJPH,
                "issued_on": "2023-07-24",
                "expires_on": None,
            },
        ],
    },
    # ------------------------------------------------------ Hulu Sungai Selatan (63.06)
    {
        "key": "umkm-hss-kemiri-1",
        "name": "Kelompok Tani Hutan Kemiri Loksado",
        "nib": "9963060001301",
        "owner_name": "Amat Bayu",
        "phone": "+6281349057712",
        "email": "kemiriloksado@hutankalsel.example.org",
        "regency_code": "63.06",
        "address": "Desa Loklahung, Kec. Loksado, Kabupaten Hulu Sungai Selatan",
        "koperasi": "Koperasi Hasil Hutan Meratus",
        "has_exported": False,
        "products": [
            {
                "key": "product-hss-loksado-kemiri",
                "name": "Kemiri Kupas Meratus",
                "description": (
                    "Kemiri dari kebun hutan Pegunungan Meratus, dipecah dan disortir "
                    "(utuh / pecah); dicatat dalam ton."
                ),
                "hs_code": "08029900",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 180,
                "capacity": _months(
                    [2.2, 2.0, 1.8, 1.5, 1.2, 1.0, 1.0, 1.1, 1.3, 1.6, 2.0, 2.2], "ton"
                ),
            },
        ],
        "certificates": [
            _nib("9963060001301", "2021-10-11"),
            {
                "type": "ORGANIC",
                "number": "LSO-004-IDN/2024/0131",
                "issuer": "Lembaga Sertifikasi Organik terakreditasi KAN",
                "issued_on": "2024-02-05",
                "expires_on": "2027-02-05",
                "product_key": "product-hss-loksado-kemiri",
            },
        ],
    },
    {
        "key": "umkm-hss-kriya-1",
        "name": "Kerajinan Anyaman Purun Nagara",
        "nib": "9963060001302",
        "owner_name": "Maslahah",
        "phone": "+6285349661208",
        "email": None,
        "regency_code": "63.06",
        "address": "Desa Bayanan, Kec. Daha Selatan (Nagara), Kabupaten Hulu Sungai Selatan",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-hss-nagara-purun",
                "name": "Tas dan Tikar Anyaman Purun",
                "description": "Anyaman purun (rumput rawa): tas, tikar kecil; 0,4 kg per pcs.",
                "hs_code": "46021990",
                "unit": "pcs",
                "unit_weight_kg": 0.4,
                "shelf_life_days": None,
                "capacity": _months(
                    [300, 280, 260, 300, 320, 320, None, None, None, None, None, None], "pcs"
                ),
            },
        ],
        "certificates": [_nib("9963060001302", "2022-12-12")],
    },
    # -------------------------------------------------------------------- Kotabaru (63.02)
    {
        "key": "umkm-kotabaru-ikan-1",
        "name": "UD Ikan Asin Pulau Laut Barokah",
        "nib": "9963020001401",
        "owner_name": "H. Baharuddin",
        "phone": "+6281348790023",
        "email": "pulaulaut@ikanasin.example.com",
        "regency_code": "63.02",
        "address": "Desa Sungai Bali, Kec. Pulau Sebuku, Kabupaten Kotabaru",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-kotabaru-ikan-asin",
                "name": "Ikan Asin Kering",
                "description": "Ikan asin laut (tenggiri, kakap kecil, selar) belah dan utuh.",
                "hs_code": "03055929",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 120,
                "capacity": _months(
                    [900, 800, 850, 1100, 1300, 1400, 1500, 1500, 1400, 1300, 1200, 1000], "kg"
                ),
            },
        ],
        "certificates": [
            _nib("9963020001401", "2020-09-28"),
            {
                "type": "SKP",
                "number": "SKP-6302/PDSPKP/2022/0098",
                "issuer": KKP,
                "issued_on": "2022-09-30",
                "expires_on": "2026-09-30",
            },
        ],
    },
    # ---------------------------------------------------------- East Java: Surabaya (35.78)
    {
        "key": "umkm-surabaya-batik-1",
        "name": "Batik Tulis Kenjeran Bu Sulastri",
        "nib": "9935780001501",
        "owner_name": "Sulastri",
        "phone": "+6281331204456",
        "email": "batikkenjeran@batiksby.example.com",
        "regency_code": "35.78",
        "address": "Jl. Tambak Deres Gg. III No. 12, Kel. Kedung Cowek, Kec. Bulak, Surabaya",
        "koperasi": None,
        "has_exported": True,
        "products": [
            {
                "key": "product-surabaya-batik",
                "name": "Kain Batik Tulis Katun (2,25 m)",
                "description": "Batik tulis motif pesisir, katun primisima, 0,35 kg per lembar.",
                "hs_code": "52085210",
                "unit": "pcs",
                "unit_weight_kg": 0.35,
                "shelf_life_days": None,
                "capacity": _months(
                    [120, 100, 90, 110, 130, 150, 140, 130, 130, 140, 150, 150], "pcs"
                ),
            },
        ],
        "certificates": [_nib("9935780001501", "2018-11-19")],
    },
    # ------------------------------------------------------------ Malang (35.07)
    {
        "key": "umkm-malang-cabai-1",
        "name": "Gapoktan Cabai Ngantang Makmur",
        "nib": "9935070001601",
        "owner_name": "Slamet Riyadi",
        "phone": "+6281233907715",
        "email": "ngantangmakmur@tanimalang.example.com",
        "regency_code": "35.07",
        "address": "Desa Sidodadi, Kec. Ngantang, Kabupaten Malang",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-malang-ngantang-cabai-rawit",
                "name": "Cabai Rawit Segar",
                "description": "Cabai rawit dataran tinggi, disortir; dicatat dalam ton.",
                "hs_code": "07096010",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 7,
                "capacity": _months(
                    [2.0, 1.5, 2.0, None, 4.0, 5.0, None, 6.0, 6.0, 5.0, 4.0, 3.0], "ton"
                ),
            },
            {
                "key": "product-malang-ngantang-cabai-kering",
                "name": "Cabai Rawit Kering",
                "description": "Cabai rawit dikeringkan dengan pengering surya, utuh.",
                "hs_code": "09042110",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 270,
                "capacity": _months(
                    [100, 80, 100, 150, 200, 250, 300, 300, 300, 250, 200, 150], "kg"
                ),
            },
        ],
        "certificates": [
            _nib("9935070001601", "2021-05-31"),
            {
                "type": "HALAL",
                "number": "ID35110000620170324",
                "issuer": BPJPH,
                "issued_on": "2024-03-18",
                "expires_on": None,
                "product_key": "product-malang-ngantang-cabai-kering",
            },
        ],
    },
    # ------------------------------------------------------------ Sidoarjo (35.15)
    {
        "key": "umkm-sidoarjo-ayam-1",
        "name": "RPHU Berkah Unggas Krian",
        "nib": "9935150001701",
        "owner_name": "H. Sholihin",
        "phone": "+6281330567781",
        "email": "berkahunggas@ayamjatim.example.com",
        "regency_code": "35.15",
        "address": "Jl. Raya Kemasan No. 41, Desa Kemasan, Kec. Krian, Kabupaten Sidoarjo",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-sidoarjo-ayam-beku",
                "name": "Ayam Potong Beku (boneless dan parting)",
                "description": (
                    "Ayam broiler parting dan boneless beku -18 °C, karton 20 kg; NKV "
                    "level I. Dikirim antarpulau lewat Pelabuhan Tanjung Perak."
                ),
                "hs_code": "02071499",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 365,
                "capacity": _months([12, 12, 11, 12, 13, 14, 14, 14, 13, 13, 14, 15], "ton"),
            },
        ],
        "certificates": [
            _nib("9935150001701", "2018-07-23"),
            {
                "type": "HALAL",
                "number": "ID35110000145580522",
                "issuer": BPJPH,
                "issued_on": "2022-05-09",
                "expires_on": None,
            },
            {
                "type": "HACCP",
                "number": "HACCP/LSSM/0921/2024",
                "issuer": "Lembaga sertifikasi sistem mutu terakreditasi KAN",
                "issued_on": "2024-01-29",
                "expires_on": "2027-01-29",
            },
        ],
    },
    # ------------------------------------------------------------ Pasuruan (35.14)
    {
        "key": "umkm-pasuruan-rempah-1",
        "name": "Kelompok Tani Empon-Empon Tutur",
        "nib": "9935140001801",
        "owner_name": "Sumarno",
        "phone": "+6285234418806",
        "email": "emponempontutur@rempahjatim.example.com",
        "regency_code": "35.14",
        "address": "Desa Ngadirejo, Kec. Tutur (Nongkojajar), Kabupaten Pasuruan",
        "koperasi": "Koperasi Rempah Tutur Lestari",
        "has_exported": False,
        "products": [
            {
                "key": "product-pasuruan-tutur-jahe",
                "name": "Jahe Emprit dan Jahe Gajah",
                "description": "Jahe segar tua, dicuci, karung 50 kg; dicatat dalam ton.",
                "hs_code": "09101100",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 45,
                "capacity": _months(
                    [1.5, 1.2, 1.2, 1.5, 1.8, 2.0, 2.5, 3.0, 3.0, 2.8, 2.2, 1.8], "ton"
                ),
            },
            {
                "key": "product-pasuruan-tutur-kunyit",
                "name": "Kunyit Segar",
                "description": "Kunyit segar; dicatat dalam ton.",
                "hs_code": "09103000",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 60,
                "capacity": _months(
                    [1.0, 0.8, 0.8, 1.0, 1.5, 2.0, 2.5, 3.0, 2.8, 2.2, 1.5, 1.2], "ton"
                ),
            },
        ],
        "certificates": [_nib("9935140001801", "2020-10-26")],
    },
    # ---------------------------------------------------------- Banyuwangi (35.10)
    {
        "key": "umkm-banyuwangi-cabai-1",
        "name": "Gapoktan Cabai Rawit Sumber Rejeki Genteng",
        "nib": "9935100001901",
        "owner_name": "Hariyanto",
        "phone": "+6281336012298",
        "email": "sumberrejeki@tanibwi.example.com",
        "regency_code": "35.10",
        "address": "Desa Kaligondo, Kec. Genteng, Kabupaten Banyuwangi",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-banyuwangi-genteng-cabai-rawit",
                "name": "Cabai Rawit Merah Segar",
                "description": (
                    "Cabai rawit merah dari lahan sawah musim kemarau; dicatat dalam ton."
                ),
                "hs_code": "07096010",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 7,
                "capacity": _months(
                    [3.0, 2.5, 3.0, 5.0, 6.0, 7.0, 8.0, 8.0, 7.5, 6.0, 5.0, 4.0], "ton"
                ),
            },
        ],
        "certificates": [_nib("9935100001901", "2021-03-08")],
    },
    {
        "key": "umkm-banyuwangi-teri-1",
        "name": "UD Teri Muncar Samudra",
        "nib": "9935100001902",
        "owner_name": "H. Moh. Rofiq",
        "phone": "+6281358820146",
        "email": "terimuncar@ikanbwi.example.com",
        "regency_code": "35.10",
        "address": "Dusun Kalimoro, Desa Kedungrejo, Kec. Muncar, Kabupaten Banyuwangi",
        "koperasi": None,
        "has_exported": True,
        "products": [
            {
                "key": "product-banyuwangi-muncar-teri",
                "name": "Ikan Teri Kering (teri nasi)",
                "description": (
                    "Ikan teri nasi kering tawar dan asin, direbus dan dijemur di rak, "
                    "disortir per ukuran (10 - 20 mm), karton 10 kg."
                ),
                "hs_code": "03055921",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 180,
                "capacity": _months(
                    [900, 800, 900, 1200, 1400, 1500, 1600, 1600, 1500, 1500, 1400, 1200], "kg"
                ),
            },
        ],
        "certificates": [
            _nib("9935100001902", "2017-04-03"),
            {
                "type": "SKP",
                "number": "SKP-3510/PDSPKP/2023/0406",
                "issuer": KKP,
                "issued_on": "2023-08-21",
                "expires_on": "2027-08-21",
            },
            {
                "type": "HACCP",
                "number": "HACCP-KKP/3510/2024/0075",
                "issuer": "Badan Mutu KKP",
                "issued_on": "2024-03-31",
                "expires_on": "2027-03-31",
                "product_key": "product-banyuwangi-muncar-teri",
            },
        ],
    },
    # ----------------------------------------------------------- Sumenep, Madura (35.29)
    {
        "key": "umkm-sumenep-garam-1",
        "name": "KUGAR Kalianget Timur",
        "nib": "9935290002001",
        "owner_name": "Moh. Hosnan",
        "phone": "+6281703562214",
        "email": "kugar.kalianget@garamrakyat.example.com",
        "regency_code": "35.29",
        "address": "Desa Kalianget Timur, Kec. Kalianget, Kabupaten Sumenep",
        "koperasi": "Koperasi Garam Rakyat Sumenep",
        "has_exported": False,
        "products": [
            {
                "key": "product-sumenep-kalianget-garam",
                "name": "Garam Krosok",
                "description": (
                    "Garam rakyat (krosok) dari tambak evaporasi, karung 50 kg. Produksi "
                    "hanya di musim kemarau, sekitar Juni - Oktober."
                ),
                "hs_code": "25010099",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": None,
                "capacity": _months([0, 0, 0, 0, 0, 3, 30, 55, 60, 58, 40, 6], "ton"),
            },
        ],
        "certificates": [_nib("9935290002001", "2020-05-11")],
    },
    {
        "key": "umkm-sumenep-garam-2",
        "name": "Koperasi Petambak Garam Saronggi Makmur",
        "nib": "9935290002002",
        "owner_name": "H. Abd. Rasyid",
        "phone": "+6287850331247",
        "email": "saronggimakmur@garamrakyat.example.com",
        "regency_code": "35.29",
        "address": "Desa Saroka, Kec. Saronggi, Kabupaten Sumenep",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-sumenep-saronggi-garam",
                "name": "Garam Rakyat Kualitas 1",
                "description": "Garam rakyat K1 putih bersih; dicatat dalam kuintal.",
                "hs_code": "25010099",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": None,
                "capacity": _months([0, 0, 0, 0, 0, 40, 200, 350, 420, 400, 250, 20], "kuintal"),
            },
        ],
        "certificates": [
            _nib("9935290002002", "2019-06-24"),
            {
                "type": "SNI",
                "number": "SNI-4435-LSPro/0217/2025",
                "issuer": "LSPro terakreditasi KAN",
                "issued_on": "2025-07-14",
                "expires_on": "2029-07-14",
                "product_key": "product-sumenep-saronggi-garam",
            },
        ],
    },
    {
        "key": "umkm-sumenep-garam-3",
        "name": "Kelompok Petambak Garam Pragaan Laok",
        "nib": "9935290002003",
        "owner_name": "Sunarto",
        "phone": "+6282331670054",
        "email": None,
        "regency_code": "35.29",
        "address": "Desa Pragaan Laok, Kec. Pragaan, Kabupaten Sumenep",
        "koperasi": "Koperasi Garam Rakyat Sumenep",
        "has_exported": False,
        "products": [
            {
                "key": "product-sumenep-pragaan-garam",
                "name": "Garam Krosok",
                "description": "Garam krosok tambak rakyat, karung 50 kg.",
                "hs_code": "25010099",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": None,
                "capacity": _months([0, None, None, None, None, 1, 12, 20, 25, 22, 15, 2], "ton"),
            },
        ],
        "certificates": [_nib("9935290002003", "2022-08-15")],
    },
    # ----------------------------------------------------------------- Jember (35.09)
    {
        "key": "umkm-jember-rempah-1",
        "name": "UD Rempah Argopuro Jember",
        "nib": "9935090002101",
        "owner_name": "Nur Hasanah",
        "phone": "+6285236770418",
        "email": "rempahargopuro@rempahjatim.example.com",
        "regency_code": "35.09",
        "address": "Desa Suci, Kec. Panti, Kabupaten Jember",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-jember-kunyit",
                "name": "Kunyit Segar",
                "description": "Kunyit segar kebun lereng Argopuro; dicatat dalam kuintal.",
                "hs_code": "09103000",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 60,
                "capacity": _months([10, 8, 8, 10, None, 18, 22, 25, 24, 20, 15, 12], "kuintal"),
            },
            {
                "key": "product-jember-jahe",
                "name": "Jahe Segar",
                "description": "Jahe gajah segar; dicatat dalam kuintal.",
                "hs_code": "09101100",
                "unit": "kg",
                "unit_weight_kg": None,
                "shelf_life_days": 45,
                "capacity": _months([10, 8, 8, 10, None, 12, 15, 18, 18, 16, 14, 12], "kuintal"),
            },
        ],
        "certificates": [_nib("9935090002101", "2021-11-29")],
    },
    # --------------------------------------------------------- Bangkalan, Madura (35.26)
    {
        "key": "umkm-bangkalan-batik-1",
        "name": "Batik Tulis Tanjung Bumi Ibu Maimunah",
        "nib": "9935260002201",
        "owner_name": "Maimunah",
        "phone": "+6287853092271",
        "email": "batiktanjungbumi@batikmadura.example.com",
        "regency_code": "35.26",
        "address": "Desa Paseseh, Kec. Tanjung Bumi, Kabupaten Bangkalan",
        "koperasi": None,
        "has_exported": False,
        "products": [
            {
                "key": "product-bangkalan-batik",
                "name": "Batik Tulis Gentongan",
                "description": (
                    "Batik tulis Madura pewarna alam (proses gentongan), katun, 0,4 kg per lembar."
                ),
                "hs_code": "52085210",
                "unit": "pcs",
                "unit_weight_kg": 0.4,
                "shelf_life_days": None,
                "capacity": _months([30, 25, 25, 30, 30, 35, 35, 40, 40, 35, 35, 35], "pcs"),
            },
        ],
        "certificates": [_nib("9935260002201", "2020-03-30")],
    },
]


BUYER_REQUESTS: list[BuyerRequestSeed] = [
    {
        "key": "request-ch-cake-salak",
        "buyer_key": "buyer-ch-zurich-tropenkost",
        "product": "Cake salak (snake fruit cake)",
        "hs_code": "19059030",
        "quantity": 1500,
        "unit": "kg",
        "start_month": "2027-01",
        "months": 12,
        "required_certifications": ["NIB", "HALAL", "BPOM_MD"],
        "target_price": "7.80",
        "currency": "CHF",
        "incoterm": "CIF",
        "destination_country": "CH",
        "status": "open",
        "notes": (
            "Packaged cake salak for Swiss Asian grocery shops and online retail: 1,500 kg every "
            "month for a year, shelf life at least 60 days at arrival, sea freight via "
            "Tanjung Perak or Tanjung Priok. The buyer prefers one contract; a consortium of "
            "makers is acceptable if one of them signs and consolidates."
        ),
    },
    {
        "key": "request-cn-peyek-kepiting",
        "buyer_key": "buyer-cn-xiamen-haiwei",
        "product": "Peyek kepiting (crab peyek crackers)",
        "hs_code": "19059080",
        "quantity": 1000,
        "unit": "kg",
        "start_month": "2027-02",
        "months": 12,
        "required_certifications": ["NIB", "BPOM_MD", "HALAL", "GACC"],
        "target_price": "8.20",
        "currency": "USD",
        "incoterm": "FOB",
        "destination_country": "CN",
        "status": "open",
        "notes": (
            "Crispy crab crackers for snack distribution in Fujian. Every producer must be "
            "registered with China customs (GACC) under its own registration number; "
            "Chinese-language labels are added by the importer."
        ),
    },
    {
        "key": "request-nl-cocoa",
        "buyer_key": "buyer-nl-zaan-cacao",
        "product": "Cocoa beans, fermented (biji kakao fermentasi)",
        "hs_code": "18010010",
        "quantity": 10,
        "unit": "ton",
        "start_month": "2027-03",
        "months": 6,
        "required_certifications": ["NIB"],
        "target_price": "5.40",
        "currency": "USD",
        "incoterm": "FOB",
        "destination_country": "NL",
        "status": "open",
        "notes": (
            "Fermented, sun-dried beans, moisture at most 7.5 %, bean count at most 110 per "
            "100 g, in jute bags. Ten tonnes a month from March to August 2027; price to be "
            "reviewed against the ICE London cocoa price each quarter."
        ),
    },
    {
        "key": "request-my-pineapple",
        "buyer_key": "buyer-my-tawau-fresh",
        "product": "Nanas segar (fresh pineapple)",
        "hs_code": "08043000",
        "quantity": 20,
        "unit": "ton",
        "start_month": "2027-01",
        "months": 6,
        "required_certifications": ["NIB"],
        "target_price": "1.90",
        "currency": "MYR",
        "incoterm": "CFR",
        "destination_country": "MY",
        "status": "open",
        "notes": (
            "Fresh pineapple, 1 - 1.5 kg a fruit, for wholesale markets in Tawau and Sandakan; "
            "shipped by boat from Sangatta or Tarakan, a few days at sea."
        ),
    },
    {
        "key": "request-id-cabai-rawit",
        "buyer_key": "buyer-id-samarinda-cabai",
        "product": "Cabai rawit segar",
        "hs_code": "07096010",
        "quantity": 5,
        "unit": "ton",
        "start_month": "2027-01",
        "months": 6,
        "required_certifications": [],
        "target_price": "42000",
        "currency": "IDR",
        "incoterm": "DAP",
        "destination_country": "ID",
        "status": "open",
        "notes": (
            "Misi dagang Kaltim: pasokan cabai rawit untuk pasar induk Samarinda, 5 ton per "
            "bulan, termasuk musim hujan Januari - Februari ketika harga naik."
        ),
    },
    {
        "key": "request-id-jahe",
        "buyer_key": "buyer-id-banjarmasin-rempah",
        "product": "Jahe segar",
        "hs_code": "09101100",
        "quantity": 3000,
        "unit": "kg",
        "start_month": "2027-02",
        "months": 12,
        "required_certifications": ["NIB"],
        "target_price": "18000",
        "currency": "IDR",
        "incoterm": "DAP",
        "destination_country": "ID",
        "status": "open",
        "notes": (
            "Misi dagang Kalsel: jahe segar tua untuk industri jamu dan minuman di Banjarmasin; "
            "dikirim lewat Pelabuhan Trisakti."
        ),
    },
    {
        "key": "request-id-kunyit",
        "buyer_key": "buyer-id-banjarmasin-rempah",
        "product": "Kunyit segar",
        "hs_code": "09103000",
        "quantity": 4,
        "unit": "ton",
        "start_month": "2027-01",
        "months": 6,
        "required_certifications": [],
        "target_price": "9000",
        "currency": "IDR",
        "incoterm": "DAP",
        "destination_country": "ID",
        "status": "closed",
        "notes": (
            "Ditutup oleh pembeli: kebutuhan kunyit sudah dipenuhi pemasok lama di Kalimantan "
            "Selatan."
        ),
    },
    {
        "key": "request-id-kemiri",
        "buyer_key": "buyer-id-banjarmasin-rempah",
        "product": "Kemiri kupas",
        "hs_code": "08029900",
        "quantity": 2000,
        "unit": "kg",
        "start_month": "2027-03",
        "months": 12,
        "required_certifications": ["NIB"],
        "target_price": "38000",
        "currency": "IDR",
        "incoterm": "DAP",
        "destination_country": "ID",
        "status": "open",
        "notes": "Kemiri kupas utuh minimal 80 %, kadar air rendah, karung 50 kg.",
    },
    {
        "key": "request-id-garam",
        "buyer_key": "buyer-id-balikpapan-garam",
        "product": "Garam krosok (garam rakyat)",
        "hs_code": "25010099",
        "quantity": 20,
        "unit": "ton",
        "start_month": "2027-01",
        "months": 12,
        "required_certifications": ["NIB"],
        "target_price": "1500",
        "currency": "IDR",
        "incoterm": "CFR",
        "destination_country": "ID",
        "status": "open",
        "notes": (
            "Misi dagang Kaltim: garam krosok untuk pengasinan ikan dan industri pangan di "
            "Balikpapan, 20 ton setiap bulan sepanjang tahun, dikirim dari Kalianget."
        ),
    },
    {
        "key": "request-id-ikan-asin",
        "buyer_key": "buyer-id-samarinda-ikan",
        "product": "Ikan asin kering (ikan laut)",
        "hs_code": "03055929",
        "quantity": 2000,
        "unit": "kg",
        "start_month": "2027-01",
        "months": 6,
        "required_certifications": ["NIB", "SKP"],
        "target_price": "55000",
        "currency": "IDR",
        "incoterm": "DAP",
        "destination_country": "ID",
        "status": "matched",
        "notes": (
            "Sudah dipasangkan pada misi dagang: UD Ikan Asin Muara Badak Sejahtera dan "
            "UD Ikan Asin Pulau Laut Barokah (setelah SKP-nya diperpanjang) berbagi kuota."
        ),
    },
    {
        "key": "request-id-anyaman-rotan",
        "buyer_key": "buyer-id-balikpapan-kriya",
        "product": "Anyaman rotan (keranjang dan tas rotan)",
        "hs_code": "46021290",
        "quantity": 400,
        "unit": "pcs",
        "unit_weight_kg": 0.6,
        "start_month": "2027-01",
        "months": 6,
        "required_certifications": ["NIB", "SVLK"],
        "target_price": "85000",
        "currency": "IDR",
        "incoterm": "DAP",
        "destination_country": "ID",
        "status": "open",
        "notes": (
            "Suvenir untuk hotel dan galeri di Balikpapan dan IKN: 400 pcs per bulan, "
            "campuran keranjang dan tas, rata-rata 0,6 kg per pcs."
        ),
    },
    {
        "key": "request-sg-dried-anchovy",
        "buyer_key": "buyer-sg-straits-seafood",
        "product": "Dried anchovy, small, sun-dried",
        "hs_code": None,
        "quantity": 1000,
        "unit": "kg",
        "start_month": "2027-02",
        "months": 12,
        "required_certifications": ["NIB", "SKP", "HACCP"],
        "target_price": "7.50",
        "currency": "USD",
        "incoterm": "CIF",
        "destination_country": "SG",
        "status": "open",
        "notes": (
            "Small dried anchovy, 10 - 20 mm, lightly salted, cartons of 10 kg, for "
            "restaurants and wet markets in Singapore. Health certificate from the "
            "Indonesian fish quarantine authority needed for each shipment."
        ),
    },
    {
        "key": "request-id-ayam-beku",
        "buyer_key": "buyer-id-ppu-pangan",
        "product": "Ayam potong beku (frozen chicken cuts)",
        "hs_code": "02071499",
        "quantity": 8,
        "unit": "ton",
        "start_month": "2027-01",
        "months": 12,
        "required_certifications": ["NIB", "HALAL"],
        "target_price": "38000",
        "currency": "IDR",
        "incoterm": "DAP",
        "destination_country": "ID",
        "status": "open",
        "notes": (
            "Katering pekerja proyek di Sepaku (IKN): ayam parting beku 8 ton per bulan. "
            "Rumah potong wajib halal dan memiliki NKV (Nomor Kontrol Veteriner); NKV "
            "belum dapat dicatat sebagai jenis sertifikat, cek di deskripsi produk."
        ),
    },
]
