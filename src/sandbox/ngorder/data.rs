//! Ngorder records: the compact customer, its deterministic generator, its JSON and its orders.

use rand::Rng;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

use crate::sandbox::util::{fmt_datetime, pick, record_rng};
use crate::sandbox::words::WORDS;

/// The first customer id; index `i` has id `ID_BASE + i`.
pub(super) const ID_BASE: u64 = 101;
const SALT: u64 = 0x4E47;
const ORDER_SALT: u64 = 0x004E_470D;
/// Generated customers were created between these times (2019-01-01 .. 2025-06-30 UTC).
const START: i64 = 1_546_300_800;
const END: i64 = 1_751_241_600;

/// Built-in and custom customer categories: code, name, status (Y active, N inactive).
pub(super) const CATEGORIES: [(&str, &str, &str); 6] = [
    ("N", "Pelanggan", "Y"),
    ("Y", "Reseller", "Y"),
    ("D", "Dropshipper", "Y"),
    ("1", "Grosir", "Y"),
    ("2", "Member VIP", "Y"),
    ("3", "Agen Lama", "N"),
];

pub(super) fn category_name(code: &str) -> Option<&'static str> {
    CATEGORIES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, name, _)| *name)
}

#[derive(Clone, Debug)]
pub(super) struct Customer {
    pub name: String,
    pub phone: String,
    /// The detailed address as entered (street, house).
    pub address: String,
    pub postal_code: Option<String>,
    pub region_id: u32,
    pub email: Option<String>,
    pub line: Option<String>,
    pub other: Option<String>,
    pub category: String,
    /// `Y` active, `N` non-active, `R` requested, `T` unactivated storefront email.
    pub is_active: String,
    /// `0` unregistered, `1` registered, `4` blocked, `T` inactive, `R` requested.
    pub registration_status: String,
    pub created_at: i64,
}

/// Creation time of generated record `idx` out of `n`: increasing with the index.
pub(super) fn generated_created_at(seed: u64, idx: u32, n: u32) -> i64 {
    let span = ((END - START) / n.max(1) as i64).max(1);
    let jitter = (crate::sandbox::util::mix(seed ^ idx as u64) % span as u64) as i64;
    START + idx as i64 * span + jitter
}

pub(super) fn generate(seed: u64, idx: u32, n: u32) -> Customer {
    let w = &*WORDS;
    let mut rng = record_rng(seed, SALT, idx as u64);
    let (first, last) = match idx {
        0 => ("Budi", "Santoso"),
        1 => ("Siti", "Rahayu"),
        _ => (*pick(&mut rng, &w.id_first), *pick(&mut rng, &w.id_last)),
    };
    let name = if idx > 1 && rng.random_bool(0.15) {
        first.to_string()
    } else {
        format!("{first} {last}")
    };
    let region = pick(&mut rng, &w.id_regions);
    let phone = format!(
        "628{}{:08}",
        rng.random_range(11..=99),
        rng.random_range(0..100_000_000u32)
    );
    let address = format!(
        "{} No. {}",
        pick(&mut rng, &w.id_streets),
        rng.random_range(1..200)
    );
    let handle = format!("{}.{}", first, last).to_lowercase();
    let email = (idx < 2 || rng.random_bool(0.6)).then(|| {
        let domain = if rng.random_bool(0.5) {
            "example.co.id"
        } else {
            "example.com"
        };
        if idx < 2 {
            format!("{handle}@{domain}")
        } else {
            format!("{handle}{}@{domain}", rng.random_range(1..999))
        }
    });
    let line = rng
        .random_bool(0.25)
        .then(|| format!("{}_{}", first.to_lowercase(), rng.random_range(10..99)));
    let other = rng
        .random_bool(0.15)
        .then(|| format!("IG: @{}", handle.replace('.', "_")));
    let category = match rng.random_range(0..100) {
        0..60 => "N",
        60..80 => "Y",
        80..90 => "D",
        90..95 => "1",
        _ => "2",
    };
    let (is_active, registration_status) = match rng.random_range(0..100) {
        0..70 => ("Y", "1"),
        70..82 => ("N", "0"),
        82..90 => ("T", "T"),
        90..96 => ("R", "R"),
        _ => ("N", "4"),
    };
    Customer {
        name,
        phone,
        address,
        postal_code: Some(region.postal.to_string()),
        region_id: region.id,
        email,
        line,
        other,
        category: category.to_string(),
        is_active: is_active.to_string(),
        registration_status: registration_status.to_string(),
        created_at: generated_created_at(seed, idx, n),
    }
}

/// The list item: the documented fields plus the sandbox additions `is_active`,
/// `registration_status` and `created_at`.
/// The full address line the API sends: the street as entered, then the region's names.
pub(super) fn address_line(c: &Customer) -> String {
    let (district, city, province) = region_names(c);
    let city_short = city
        .replace("Kabupaten", "KAB.")
        .replace("Kota", "KOTA")
        .to_uppercase();
    format!(
        "{} ,{}, {}, {}, ID, {}",
        c.address,
        city_short,
        district.to_uppercase(),
        province.to_uppercase(),
        c.postal_code.as_deref().unwrap_or_default()
    )
}

/// `(district, city, province)` of the customer's region (empty when unknown).
fn region_names(c: &Customer) -> (&'static str, &'static str, &'static str) {
    WORDS
        .region(c.region_id)
        .map(|r| (r.subdistrict, r.city, r.province))
        .unwrap_or(("", "", ""))
}

/// The customer as the API sends it, written straight from the record (no `Value` tree per customer).
pub(super) struct CustomerJson<'a>(pub u64, pub &'a Customer);

impl Serialize for CustomerJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let CustomerJson(id, c) = *self;
        let (district, city, province) = region_names(c);
        let initial = c
            .name
            .chars()
            .next()
            .map(|ch| ch.to_uppercase().to_string())
            .unwrap_or_default();
        let mut m = s.serialize_map(Some(17))?;
        m.serialize_entry("id", &id)?;
        m.serialize_entry("name", &c.name)?;
        m.serialize_entry("name_initial", &initial)?;
        m.serialize_entry("phone", &c.phone)?;
        m.serialize_entry("address", &address_line(c))?;
        m.serialize_entry("postal_code", &c.postal_code)?;
        m.serialize_entry("district", district)?;
        m.serialize_entry("city", city)?;
        m.serialize_entry("province", province)?;
        m.serialize_entry("email", &c.email)?;
        m.serialize_entry("line", &c.line)?;
        m.serialize_entry("other", &c.other)?;
        m.serialize_entry("category_code", &c.category)?;
        m.serialize_entry("category", category_name(&c.category).unwrap_or(""))?;
        m.serialize_entry("is_active", &c.is_active)?;
        m.serialize_entry("registration_status", &c.registration_status)?;
        m.serialize_entry("created_at", &fmt_datetime(c.created_at, ' '))?;
        m.end()
    }
}

#[derive(Clone, Debug)]
pub(super) struct Order {
    pub order_id: u64,
    pub po_number: u64,
    pub date: i64,
    pub total_price: u64,
    pub status: &'static str,
    pub lines: Vec<(usize, u32)>,
}

/// The orders of generated customer `idx`, oldest first. Customers created through the API have none.
pub(super) fn orders(seed: u64, idx: u32, created_at: i64) -> Vec<Order> {
    let mut rng = record_rng(seed, ORDER_SALT, idx as u64);
    let count = match rng.random_range(0..10) {
        0..3 => 0,
        3..8 => rng.random_range(1..6),
        _ => rng.random_range(6..25),
    };
    let window = (END - created_at).max(86_400);
    let mut dates: Vec<i64> = (0..count)
        .map(|_| created_at + rng.random_range(0..window))
        .collect();
    dates.sort_unstable();
    let products = WORDS.id_products.len();
    dates
        .into_iter()
        .enumerate()
        .map(|(k, date)| {
            let lines: Vec<(usize, u32)> = (0..rng.random_range(1..4))
                .map(|_| (rng.random_range(0..products), rng.random_range(1..4)))
                .collect();
            Order {
                order_id: 39_000_000 + idx as u64 * 32 + k as u64,
                po_number: 12_000 + idx as u64 * 32 + k as u64,
                date,
                total_price: rng.random_range(4..80) * 12_500,
                status: ["S", "S", "S", "P", "D"][rng.random_range(0..5)],
                lines,
            }
        })
        .collect()
}

pub(super) fn order_json(o: &Order) -> Value {
    let detail: Vec<Value> = o
        .lines
        .iter()
        .map(|(product, qty)| json!({"product_name": WORDS.id_products[*product], "total": format!(" {qty}")}))
        .collect();
    json!({
        "order_id": o.order_id,
        "po_number": o.po_number,
        "date": fmt_datetime(o.date, ' '),
        "total_price": o.total_price,
        "product_status": o.status,
        "order_detail": detail,
        "items": o.lines.iter().map(|(_, q)| *q as u64).sum::<u64>(),
    })
}
