//! DK Hardware records: US customers with addresses, their JSON, and the synchronous validation of
//! create/update bodies (PascalCase field keys, like the real problem details).

use rand::Rng;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value, json};

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

/// The email of generated record `idx`; unique because it carries the id.
pub(super) fn generated_email(first: &str, last: &str, id: u64) -> String {
    format!(
        "{}.{}.{id}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    )
}

fn phone(rng: &mut rand::rngs::SmallRng) -> String {
    format!(
        "{}-555-{:04}",
        rng.random_range(201..990),
        rng.random_range(100..200)
    )
}

pub(super) fn generate(seed: u64, idx: u32, n: u32) -> Customer {
    let w = &*WORDS;
    let mut rng = record_rng(seed, SALT, idx as u64);
    let id = ID_BASE + idx as u64;
    let (first, last) = if idx == 0 {
        ("Some", "Person")
    } else {
        (*pick(&mut rng, &w.us_first), *pick(&mut rng, &w.us_last))
    };
    let business = rng.random_bool(0.4);
    let company = if business {
        pick(&mut rng, &w.us_companies).to_string()
    } else {
        String::new()
    };
    let count = rng.random_range(1..=3);
    let addresses = (0..count)
        .map(|k| {
            let place = pick(&mut rng, &w.us_places);
            Address {
                id: 187_000 + idx as u64 * 4 + k as u64,
                first_name: first.into(),
                last_name: last.into(),
                zip: place.extra.into(),
                country: "United States".into(),
                state: place.code.into(),
                city: place.city.to_uppercase(),
                address1: format!(
                    "{} {}",
                    rng.random_range(10..9999),
                    pick(&mut rng, &w.us_streets).to_uppercase()
                ),
                address2: if rng.random_bool(0.2) {
                    Some(format!("SUITE {}", rng.random_range(100..999)))
                } else {
                    Some(String::new())
                },
                company: Some(company.clone()),
                phone: Some(phone(&mut rng)),
                alt_phone: Some(String::new()),
                fax: Some(String::new()),
                billing: k == 0,
                shipping: k == count - 1,
            }
        })
        .collect();
    Customer {
        email: if idx == 0 {
            "some.email@some.site".into()
        } else {
            generated_email(first, last, id)
        },
        first_name: first.into(),
        last_name: last.into(),
        company,
        phone: Some(phone(&mut rng)),
        alt_phone: rng.random_bool(0.2).then(|| phone(&mut rng)),
        fax: None,
        customer_type: business.then(|| {
            pick(
                &mut rng,
                &["business", "business", "government", "military"],
            )
            .to_string()
        }),
        created_at: generated_created_at(seed, idx, n),
        updated_at: generated_updated_at(seed, idx, n),
        addresses,
    }
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
