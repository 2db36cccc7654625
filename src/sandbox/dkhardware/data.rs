//! DK Hardware records: US customers with addresses, their JSON, and the synchronous validation of
//! create/update bodies (PascalCase field keys, like the real problem details).

use std::sync::LazyLock;

use rand::Rng;
use rand::rngs::SmallRng;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value, json};

use crate::sandbox::json_out::Digits;
use crate::sandbox::util::{fmt_datetime, is_email, mix, pick, record_rng};
use crate::sandbox::words::WORDS;

/// Index `i` has customer id `ID_BASE + i` (sent as a string).
pub(super) const ID_BASE: u64 = 21_001;
const SALT: u64 = 0xD4D4;
/// Generated customers were created between 2015-01-01 and 2024-12-31 UTC.
const START: i64 = 1_420_070_400;
const END: i64 = 1_735_603_200;

#[derive(Clone, Debug, Default)]
pub(super) struct Address {
    pub id: u64,
    pub first_name: String,
    pub last_name: String,
    pub zip: String,
    pub country: String,
    pub state: String,
    pub city: String,
    pub address1: String,
    pub address2: Option<String>,
    pub company: Option<String>,
    pub phone: Option<String>,
    pub alt_phone: Option<String>,
    pub fax: Option<String>,
    pub billing: bool,
    pub shipping: bool,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Customer {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub company: String,
    pub phone: Option<String>,
    pub alt_phone: Option<String>,
    pub fax: Option<String>,
    pub customer_type: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub addresses: Vec<Address>,
}

pub(super) fn generated_created_at(seed: u64, idx: u32, n: u32) -> i64 {
    let span = ((END - START) / n.max(1) as i64).max(1);
    START + idx as i64 * span + (mix(seed ^ idx as u64 ^ SALT) % span as u64) as i64
}

pub(super) fn generated_updated_at(seed: u64, idx: u32, n: u32) -> i64 {
    let created = generated_created_at(seed, idx, n);
    let h = mix(seed.rotate_left(11) ^ idx as u64 ^ 0x0DD0);
    if h.is_multiple_of(4) {
        created
    } else {
        created + (h >> 8) as i64 % (END - created).max(1)
    }
}

/// The word lists in the cases the records use, made once: a page of 1,000 records used to
/// upper- and lower-case about 5,000 words, each into a new `String`.
struct Cased {
    first_lower: Vec<String>,
    last_lower: Vec<String>,
    cities_upper: Vec<String>,
    streets_upper: Vec<String>,
}

static CASED: LazyLock<Cased> = LazyLock::new(|| {
    let w = &*WORDS;
    let lower = |list: &[&str]| list.iter().map(|s| s.to_lowercase()).collect();
    Cased {
        first_lower: lower(&w.us_first),
        last_lower: lower(&w.us_last),
        cities_upper: w.us_places.iter().map(|p| p.city.to_uppercase()).collect(),
        streets_upper: w.us_streets.iter().map(|s| s.to_uppercase()).collect(),
    }
});

/// `s` becomes `text`, in its own buffer.
fn set(s: &mut String, text: &str) {
    s.clear();
    s.push_str(text);
}

/// `slot` becomes `Some` of an empty string, in the buffer it held, for the caller to fill.
fn fill(slot: &mut Option<String>) -> &mut String {
    let s = slot.get_or_insert_with(String::new);
    s.clear();
    s
}

/// `ddd-555-0ddd`.
fn phone(s: &mut String, rng: &mut SmallRng) {
    s.push_str(Digits::of(rng.random_range(201i32..990) as u64).as_str());
    s.push_str("-555-");
    Digits::of(rng.random_range(100i32..200) as u64).push_padded(s, 4);
}

pub(super) fn generate(seed: u64, idx: u32, n: u32) -> Customer {
    let mut c = Customer::default();
    generate_into(&mut c, seed, idx, n);
    c
}

/// Generated record `idx`, written over `c` (any record before) in the buffers it already holds: a
/// page of generated records reuses one `Customer`, so generating costs no allocation per record.
/// The draws from the record's RNG are made in a fixed order: changing it changes every record.
pub(super) fn generate_into(c: &mut Customer, seed: u64, idx: u32, n: u32) {
    let (w, cased) = (&*WORDS, &*CASED);
    let mut rng = record_rng(seed, SALT, idx as u64);
    let id = ID_BASE + idx as u64;
    let names = (idx != 0).then(|| {
        let first = rng.random_range(0..w.us_first.len());
        (first, rng.random_range(0..w.us_last.len()))
    });
    let (first, last) = names.map_or(("Some", "Person"), |(f, l)| (w.us_first[f], w.us_last[l]));
    set(&mut c.first_name, first);
    set(&mut c.last_name, last);
    let business = rng.random_bool(0.4);
    c.company.clear();
    if business {
        let company = *pick(&mut rng, &w.us_companies);
        c.company.push_str(company);
    }
    let count = rng.random_range(1i32..=3) as usize;
    c.addresses.resize_with(count, Address::default);
    for (k, a) in c.addresses.iter_mut().enumerate() {
        let p = rng.random_range(0..w.us_places.len());
        let place = &w.us_places[p];
        a.id = 187_000 + idx as u64 * 4 + k as u64;
        set(&mut a.first_name, first);
        set(&mut a.last_name, last);
        set(&mut a.zip, place.extra);
        set(&mut a.country, "United States");
        set(&mut a.state, place.code);
        set(&mut a.city, &cased.cities_upper[p]);
        a.address1.clear();
        a.address1
            .push_str(Digits::of(rng.random_range(10i32..9999) as u64).as_str());
        a.address1.push(' ');
        let street = rng.random_range(0..w.us_streets.len());
        a.address1.push_str(&cased.streets_upper[street]);
        let suite = fill(&mut a.address2);
        if rng.random_bool(0.2) {
            suite.push_str("SUITE ");
            suite.push_str(Digits::of(rng.random_range(100i32..999) as u64).as_str());
        }
        fill(&mut a.company).push_str(&c.company);
        phone(fill(&mut a.phone), &mut rng);
        fill(&mut a.alt_phone);
        fill(&mut a.fax);
        a.billing = k == 0;
        a.shipping = k == count - 1;
    }
    // Unique because it carries the id (`email_owner` reads it back).
    c.email.clear();
    match names {
        None => c.email.push_str("some.email@some.site"),
        Some((f, l)) => {
            c.email.push_str(&cased.first_lower[f]);
            c.email.push('.');
            c.email.push_str(&cased.last_lower[l]);
            c.email.push('.');
            c.email.push_str(Digits::of(id).as_str());
            c.email.push_str("@example.com");
        }
    }
    phone(fill(&mut c.phone), &mut rng);
    if rng.random_bool(0.2) {
        phone(fill(&mut c.alt_phone), &mut rng);
    } else {
        c.alt_phone = None;
    }
    c.fax = None;
    if business {
        let kind = pick(
            &mut rng,
            &["business", "business", "government", "military"],
        );
        fill(&mut c.customer_type).push_str(kind);
    } else {
        c.customer_type = None;
    }
    c.created_at = generated_created_at(seed, idx, n);
    c.updated_at = generated_updated_at(seed, idx, n);
}

/// The customer as the API sends it (`customerId` a string), written straight from the record: a page
/// of 1,000 is serialised without building a `Value` tree (about 70 small maps) per customer.
pub(super) struct CustomerJson<'a>(pub u64, pub &'a Customer);

impl Serialize for CustomerJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let CustomerJson(id, c) = *self;
        let id = id.to_string();
        let created = fmt_datetime(c.created_at, 'T');
        let updated = fmt_datetime(c.updated_at, 'T');
        let addresses = Addresses {
            id: &id,
            created: &created,
            updated: &updated,
            list: &c.addresses,
        };
        let mut m = s.serialize_map(Some(12))?;
        m.serialize_entry("customerId", &id)?;
        m.serialize_entry("createdAt", &created)?;
        m.serialize_entry("updatedAt", &updated)?;
        m.serialize_entry("firstName", &c.first_name)?;
        m.serialize_entry("lastName", &c.last_name)?;
        m.serialize_entry("email", &c.email)?;
        m.serialize_entry("company", &c.company)?;
        m.serialize_entry("phone", &c.phone)?;
        m.serialize_entry("altPhone", &c.alt_phone)?;
        m.serialize_entry("fax", &c.fax)?;
        m.serialize_entry("customerType", &c.customer_type)?;
        m.serialize_entry("addresses", &addresses)?;
        m.end()
    }
}

/// A customer's addresses, each with the customer's id and time stamps.
struct Addresses<'a> {
    id: &'a str,
    created: &'a str,
    updated: &'a str,
    list: &'a [Address],
}

impl Serialize for Addresses<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.list.len()))?;
        for a in self.list {
            seq.serialize_element(&AddressJson { of: self, a })?;
        }
        seq.end()
    }
}

struct AddressJson<'a> {
    of: &'a Addresses<'a>,
    a: &'a Address,
}

impl Serialize for AddressJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.a;
        let mut m = s.serialize_map(Some(17))?;
        m.serialize_entry("addressId", &a.id.to_string())?;
        m.serialize_entry("customerId", self.of.id)?;
        m.serialize_entry("firstName", &a.first_name)?;
        m.serialize_entry("lastName", &a.last_name)?;
        m.serialize_entry("zip", &a.zip)?;
        m.serialize_entry("country", &a.country)?;
        m.serialize_entry("state", &a.state)?;
        m.serialize_entry("city", &a.city)?;
        m.serialize_entry("address1", &a.address1)?;
        m.serialize_entry("address2", &a.address2)?;
        m.serialize_entry("company", &a.company)?;
        m.serialize_entry("phone", &a.phone)?;
        m.serialize_entry("altPhone", &a.alt_phone)?;
        m.serialize_entry("fax", &a.fax)?;
        m.serialize_entry("isDefaultBilling", &a.billing)?;
        m.serialize_entry("isDefaultShipping", &a.shipping)?;
        m.serialize_entry("createdAt", self.of.created)?;
        m.serialize_entry("updatedAt", self.of.updated)?;
        m.end()
    }
}

/// The customer as a JSON value, for the single-record answers.
pub(super) fn to_json(id: u64, c: &Customer) -> Value {
    serde_json::to_value(CustomerJson(id, c)).unwrap_or_default()
}

/// Field → messages with PascalCase keys, as in the 400 problem details.
pub(super) type Problems = Map<String, Value>;

fn problem(p: &mut Problems, field: &str, message: String) {
    if let Value::Array(list) = p.entry(field.to_string()).or_insert_with(|| json!([])) {
        list.push(json!(message));
    }
}

fn label(field: &str) -> String {
    let mut out = String::new();
    for (i, ch) in field.chars().enumerate() {
        if i > 0 && ch.is_uppercase() {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// Reads a string field (camelCase in the body) and checks required / max length under `key`.
fn text(
    body: &Map<String, Value>,
    p: &mut Problems,
    prefix: &str,
    camel: &str,
    required: bool,
    max: usize,
) -> Option<String> {
    let key = format!("{prefix}{}{}", camel[..1].to_uppercase(), &camel[1..]);
    let name = label(&format!("{}{}", camel[..1].to_uppercase(), &camel[1..]));
    let value = body.get(camel).and_then(|v| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    match &value {
        None if required => problem(p, &key, format!("'{name}' must not be empty.")),
        Some(s) if s.is_empty() && required => {
            problem(p, &key, format!("'{name}' must not be empty."))
        }
        Some(s) if s.chars().count() > max => problem(
            p,
            &key,
            format!(
                "The length of '{name}' must be {max} characters or fewer. You entered {} characters.",
                s.chars().count()
            ),
        ),
        _ => {}
    }
    value
}

/// Validates a create (`create`) or update body; returns the customer fields, the update's id, and
/// the problems (empty when valid).
pub(super) fn parse(
    body: &Map<String, Value>,
    create: bool,
) -> (Customer, Option<String>, Problems) {
    let mut p = Problems::new();
    let id = text(body, &mut p, "", "customerId", false, 64).filter(|s| !s.is_empty());
    if create && id.is_some() {
        problem(&mut p, "CustomerId", "'Customer Id' must be empty.".into());
    }
    if !create && id.is_none() {
        problem(
            &mut p,
            "CustomerId",
            "'Customer Id' must not be empty.".into(),
        );
    }
    let mut c = Customer {
        first_name: text(body, &mut p, "", "firstName", true, 150).unwrap_or_default(),
        last_name: text(body, &mut p, "", "lastName", true, 150).unwrap_or_default(),
        email: text(body, &mut p, "", "email", create, 100).unwrap_or_default(),
        company: text(body, &mut p, "", "company", false, 250).unwrap_or_default(),
        phone: text(body, &mut p, "", "phone", false, 50),
        alt_phone: text(body, &mut p, "", "altPhone", false, 50),
        fax: text(body, &mut p, "", "fax", false, 50),
        customer_type: text(body, &mut p, "", "customerType", false, 20).filter(|s| !s.is_empty()),
        ..Default::default()
    };
    if create && !c.email.is_empty() && !is_email(&c.email) {
        problem(
            &mut p,
            "Email",
            "'Email' is not a valid email address.".into(),
        );
    }
    if !create && !c.email.is_empty() {
        problem(&mut p, "Email", "'Email' must be empty.".into());
    }
    if let Some(t) = &c.customer_type
        && !["business", "government", "military"].contains(&t.as_str())
    {
        problem(
            &mut p,
            "CustomerType",
            format!("'Customer Type' has a range of values which does not include '{t}'."),
        );
    }
    if create && let Some(Value::Array(list)) = body.get("addresses") {
        for (k, a) in list.iter().enumerate() {
            let empty = Map::new();
            let a = a.as_object().unwrap_or(&empty);
            let pre = format!("Addresses[{k}].");
            let flag = |key: &str| a.get(key).and_then(Value::as_bool).unwrap_or(false);
            c.addresses.push(Address {
                id: 0,
                first_name: text(a, &mut p, &pre, "firstName", true, 150).unwrap_or_default(),
                last_name: text(a, &mut p, &pre, "lastName", true, 150).unwrap_or_default(),
                zip: text(a, &mut p, &pre, "zip", true, 50).unwrap_or_default(),
                country: text(a, &mut p, &pre, "country", true, 150).unwrap_or_default(),
                state: text(a, &mut p, &pre, "state", true, 50).unwrap_or_default(),
                city: text(a, &mut p, &pre, "city", true, 255).unwrap_or_default(),
                address1: text(a, &mut p, &pre, "address1", true, 255).unwrap_or_default(),
                address2: text(a, &mut p, &pre, "address2", false, 255),
                company: text(a, &mut p, &pre, "company", false, 250),
                phone: text(a, &mut p, &pre, "phone", false, 50),
                alt_phone: text(a, &mut p, &pre, "altPhone", false, 50),
                fax: text(a, &mut p, &pre, "fax", false, 50),
                billing: flag("isDefaultBilling"),
                shipping: flag("isDefaultShipping"),
            });
        }
    }
    (c, id, p)
}
