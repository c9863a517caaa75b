"""The columns of each import kind, their Indonesian and English header aliases, and month
headers ("Jan 2027", "Januari 2027", "2027-01"). Plain data: no database here."""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = ["COLUMNS", "Column", "ImportKind", "header_key", "month_of_header", "unit_of_header"]


class ImportKind(StrEnum):
    UMKM = "umkm"
    PRODUCTS = "products"
    CAPACITY = "capacity"
    CERTIFICATES = "certificates"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str  # what templates and exports write
    aliases: tuple[str, ...] = ()
    required: bool = False


def header_key(header: str) -> str:
    """Headers compare without case, spaces or punctuation: "No. HP" == "no hp" == "NOHP"."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


# The columns naming the UMKM a product, capacity or certificate row belongs to.
_UMKM_REF = (
    Column(
        "register_code",
        "Kode Register",
        ("Kode", "Kode UMKM", "No. Register", "Nomor Register", "No. Induk", "Register code"),
    ),
    Column("nib", "NIB", ("Nomor Induk Berusaha",)),
    Column("name", "Nama UMKM", ("Nama Usaha", "Nama", "UMKM", "Name", "UMKM name")),
    Column(
        "regency",
        "Kabupaten/Kota",
        ("Kab/Kota", "Kabupaten", "Kota", "Regency", "Regency code", "Kode Wilayah"),
    ),
)
_PRODUCT = Column("product", "Produk", ("Nama Produk", "Product", "Product name"), required=True)

COLUMNS: dict[ImportKind, tuple[Column, ...]] = {
    ImportKind.UMKM: (
        *_UMKM_REF[:2],
        Column("name", "Nama UMKM", ("Nama Usaha", "Nama", "UMKM", "Name"), required=True),
        Column("regency", "Kabupaten/Kota", _UMKM_REF[3].aliases, required=True),
        Column("owner_name", "Nama Pemilik", ("Pemilik", "Owner", "Owner name")),
        Column(
            "phone",
            "No. HP",
            ("HP", "Nomor HP", "No. Telp", "Telepon", "Telp", "WhatsApp", "WA", "Phone"),
        ),
        Column("email", "Email", ("E-mail", "Surel", "Alamat Email")),
        Column("address", "Alamat", ("Address", "Alamat Usaha")),
        Column("koperasi", "Koperasi", ("Cooperative",)),
        Column("has_exported", "Pernah Ekspor", ("Sudah Ekspor", "Ekspor", "Has exported")),
    ),
    ImportKind.PRODUCTS: (
        *_UMKM_REF,
        _PRODUCT,
        Column("hs_code", "Kode HS", ("HS", "HS code", "Pos Tarif")),
        Column("unit", "Satuan", ("Unit",)),
        Column(
            "unit_weight_kg",
            "Berat per Satuan (kg)",
            ("Berat Satuan", "Berat per Satuan", "Unit weight", "Unit weight kg"),
        ),
        Column("shelf_life_days", "Masa Simpan (hari)", ("Masa Simpan", "Shelf life days")),
        Column("description", "Deskripsi", ("Keterangan", "Description")),
    ),
    ImportKind.CAPACITY: (
        *_UMKM_REF,
        _PRODUCT,
        Column("month", "Bulan", ("Month", "Periode")),
        Column("quantity", "Kapasitas", ("Kapasitas per Bulan", "Jumlah", "Capacity", "Quantity")),
        Column("unit", "Satuan", ("Unit",)),
    ),
    ImportKind.CERTIFICATES: (
        *_UMKM_REF,
        Column("product", "Produk", _PRODUCT.aliases),
        Column(
            "type",
            "Jenis Sertifikat",
            ("Jenis", "Sertifikat", "Type", "Certificate type", "Certificate"),
            required=True,
        ),
        Column("number", "Nomor", ("Nomor Sertifikat", "No. Sertifikat", "Number")),
        Column("issuer", "Penerbit", ("Lembaga", "Issuer")),
        Column("issued_on", "Tanggal Terbit", ("Terbit", "Issued on", "Issued")),
        Column(
            "expires_on",
            "Berlaku Sampai",
            ("Masa Berlaku", "Kedaluwarsa", "Expires on", "Expires", "Valid until"),
        ),
    ),
}


def aliases(kind: ImportKind) -> dict[str, str]:
    """header_key(alias) -> column key, for every header and alias of `kind`."""
    found: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for name in (column.header, column.key, *column.aliases):
            found.setdefault(header_key(name), column.key)
    return found


_UNIT_IN_HEADER = re.compile(
    r"^\s*(kapasitas|capacity|jumlah|quantity)[^(]*\(\s*([a-zA-Z]+)\s*(/[^)]*)?\)\s*$", re.I
)


def unit_of_header(header: str) -> str | None:
    """ "Kapasitas (kg/bulan)" -> "kg": a quantity column whose header names its unit."""
    match = _UNIT_IN_HEADER.match(header)
    return match.group(2) if match else None


_MONTHS = {
    **dict.fromkeys(("jan", "januari", "january"), 1),
    **dict.fromkeys(("feb", "februari", "february", "pebruari"), 2),
    **dict.fromkeys(("mar", "maret", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7),
    **dict.fromkeys(("agu", "agt", "agus", "agustus", "aug", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("okt", "oktober", "oct", "october"), 10),
    **dict.fromkeys(("nov", "nop", "november", "nopember"), 11),
    **dict.fromkeys(("des", "desember", "dec", "december"), 12),
}
_NAMED_MONTH = re.compile(r"^\s*([a-zA-Z]+)\.?[\s\-/]*(\d{4})\s*$")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})(-01)?\s*$")
_NUMERIC_MONTH = re.compile(r"^\s*(\d{1,2})[/\-](\d{4})\s*$")


def month_of_header(header: str) -> date | None:
    """The first day of the month a header or cell names ("Jan 2027", "Januari 2027",
    "2027-01", "01/2027"), or None."""
    year = month = 0
    if match := _NAMED_MONTH.match(header):
        month = _MONTHS.get(match.group(1).lower(), 0)
        year = int(match.group(2))
    elif match := _ISO_MONTH.match(header):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _NUMERIC_MONTH.match(header):
        month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return None
    return date(year, month, 1)
