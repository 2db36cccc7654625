//! CycleSoftware records: the customer, its deterministic Dutch/Belgian generator and its JSON.

use rand::Rng;
use rand::rngs::SmallRng;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use crate::sandbox::util::{field_str, fmt_datetime, is_email, mix, pick, record_rng};
use crate::sandbox::words::WORDS;

/// The first customer id; index `i` has id `ID_BASE + i`.
pub(super) const ID_BASE: u64 = 1001;
const SALT: u64 = 0xC5C5;
/// Generated customers were created between 2016-01-01 and 2025-06-30 UTC.
const START: i64 = 1_451_606_400;
const END: i64 = 1_751_241_600;

/// The common enum `customer_types`: id, description, description_en.
pub(super) const CUSTOMER_TYPES: [(u32, &str, &str); 7] = [
    (1, "Klant", "Customer"),
    (2, "Leverancier", "Supplier"),
    (3, "E-commerce", "E-commerce"),
    (4, "Zakelijk", "Business"),
    (5, "Lease-rijder", "Lease rider"),
    (6, "Lease-maatschappij", "Lease company"),
    (7, "Werkgever", "Employer"),
];

pub(super) fn type_id(name: &str) -> Option<u32> {
    CUSTOMER_TYPES
        .iter()
        .find(|(_, d, _)| d.eq_ignore_ascii_case(name))
        .map(|(id, _, _)| *id)
}

#[derive(Clone, Debug, Default)]
pub(super) struct Phone {
    pub id: String,
    pub number: String,
    pub name: String,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Customer {
    pub customer_type_name: String,
    pub customer_reference: String,
    pub postcode: String,
    pub house_number: String,
    pub house_number_postfix: String,
    /// `None`: the field is absent from the JSON (some real records lack it).
    pub company_name: Option<String>,
    pub attn: String,
    pub title: String,
    pub initials: String,
    pub insertion: String,
    pub first_name: String,
    pub name: String,
    pub street: String,
    pub city: String,
    pub country_code: String,
    pub email: String,
    pub vat_number: String,
    pub coc_number: String,
    pub discount_percentage: f64,
    pub datetime_created: Option<i64>,
    pub phone_numbers: Vec<Phone>,
    pub modified_at: i64,
}

fn created_at(seed: u64, idx: u32, n: u32) -> i64 {
    let span = ((END - START) / n.max(1) as i64).max(1);
    START + idx as i64 * span + (mix(seed ^ idx as u64 ^ SALT) % span as u64) as i64
}

/// Last modification of generated record `idx`: cheap, without generating the record.
pub(super) fn generated_modified_at(seed: u64, idx: u32, n: u32) -> i64 {
    let created = created_at(seed, idx, n);
    let h = mix(seed.rotate_left(7) ^ idx as u64 ^ 0x0D1F);
    if h.is_multiple_of(3) {
        created
    } else {
        created + (h >> 8) as i64 % (END - created).max(1)
    }
}

fn nl_postcode(rng: &mut SmallRng, digits: &str, country: &str) -> String {
    if country == "BE" {
        return digits.to_string();
    }
    let letters = b"ABCEGHJKLMNPRTVWXZ";
    let base: u32 = digits.parse().unwrap_or(1000);
    format!(
        "{}{}{}",
        base + rng.random_range(0..9),
        letters[rng.random_range(0..letters.len())] as char,
        letters[rng.random_range(0..letters.len())] as char
    )
}

pub(super) fn generate(seed: u64, idx: u32, n: u32) -> Customer {
    let w = &*WORDS;
    let mut rng = record_rng(seed, SALT, idx as u64);
    let place = pick(&mut rng, &w.nl_places);
    let first = *pick(&mut rng, &w.nl_first);
    let last = *pick(&mut rng, &w.nl_last);
    let insertion = match (place.extra, rng.random_range(0..10)) {
        ("NL", 0..3) => *pick(&mut rng, &["van", "de", "van der", "van den", "ter"]),
        ("BE", 0..2) => *pick(&mut rng, &["Van", "De", "Vanden"]),
        _ => "",
    };
    let type_roll = rng.random_range(0..100);
    let type_name = match type_roll {
        0..62 => "Klant",
        62..72 => "E-commerce",
        72..84 => "Zakelijk",
        84..90 => "Lease-rijder",
        90..94 => "Lease-maatschappij",
        94..97 => "Werkgever",
        _ => "Leverancier",
    };
    let business = matches!(type_roll, 72..84 | 90..100);
    let company_name = if business {
        Some(pick(&mut rng, &w.nl_companies).to_string())
    } else if rng.random_bool(0.25) {
        None
    } else {
        Some(String::new())
    };
    let title = *pick(&mut rng, &["Dhr.", "Mevr.", "Dhr./Mevr. ", ""]);
    let initials = first.chars().next().map(String::from).unwrap_or_default();
    let full = [first, insertion, last]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let mobile = if place.extra == "BE" {
        format!(
            "04{:02} {:06}",
            rng.random_range(70..100),
            rng.random_range(0..1_000_000)
        )
    } else {
        let sep = if rng.random_bool(0.5) { "-" } else { " " };
        format!("06{sep}{:08}", rng.random_range(10_000_000..100_000_000u32))
    };
    let mut phone_numbers = vec![
        Phone {
            id: "mob".into(),
            number: mobile,
            name: full.clone(),
        },
        Phone {
            id: "tel".into(),
            number: if rng.random_bool(0.4) {
                format!(
                    "0{:02} {:03} {:04}",
                    rng.random_range(10..80),
                    rng.random_range(100..1000),
                    rng.random_range(0..10_000)
                )
            } else {
                String::new()
            },
            name: full.clone(),
        },
    ];
    if rng.random_bool(0.15) {
        phone_numbers.push(Phone {
            id: rng.random_range(100_000..999_999).to_string(),
            number: format!("06 {:08}", rng.random_range(10_000_000..100_000_000u32)),
            name: "Extra 1".into(),
        });
    }
    let mut c = Customer {
        customer_type_name: type_name.into(),
        customer_reference: if rng.random_bool(0.3) {
            format!("REF{}", rng.random_range(1..9999))
        } else {
            String::new()
        },
        postcode: nl_postcode(&mut rng, place.code, place.extra),
        house_number: rng.random_range(1..250).to_string(),
        house_number_postfix: if rng.random_bool(0.15) {
            pick(&mut rng, &["a", "b", "B", "c", "2"]).to_string()
        } else {
            String::new()
        },
        company_name,
        attn: String::new(),
        title: title.into(),
        initials,
        insertion: insertion.into(),
        first_name: first.into(),
        name: last.into(),
        street: pick(&mut rng, &w.nl_streets).to_string(),
        city: place.city.into(),
        country_code: place.extra.into(),
        email: format!(
            "{}{}{}@example.{}",
            first.to_lowercase(),
            insertion.replace(' ', "").to_lowercase(),
            last.to_lowercase(),
            place.extra.to_lowercase()
        ),
        vat_number: if business {
            format!(
                "{}{:09}B01",
                place.extra,
                rng.random_range(0..1_000_000_000u32)
            )
        } else {
            String::new()
        },
        coc_number: if business {
            format!("{:08}", rng.random_range(0..100_000_000u32))
        } else {
            String::new()
        },
        discount_percentage: if business {
            *pick(&mut rng, &[0.0, 5.0, 10.0, 12.5])
        } else {
            0.0
        },
        datetime_created: rng.random_bool(0.9).then(|| created_at(seed, idx, n)),
        phone_numbers,
        modified_at: generated_modified_at(seed, idx, n),
    };
    match idx {
        0 => {
            c.customer_type_name = "E-commerce".into();
            c.customer_reference = "REFBE1".into();
            (c.postcode, c.house_number, c.house_number_postfix) =
                ("1000".into(), "2".into(), "B".into());
            c.company_name = None;
            (c.title, c.initials, c.insertion, c.first_name, c.name) = (
                "Dhr.".into(),
                "G".into(),
                "van".into(),
                "Giel".into(),
                "Wijgergangs".into(),
            );
            (c.street, c.city, c.country_code) =
                ("Belgische weg".into(), "Brussel".into(), "BE".into());
            c.email = "gielwijgergangs@example.com".into();
            for p in &mut c.phone_numbers {
                p.name = "Giel van Wijgergangs".into();
            }
        }
        1 => {
            c.customer_type_name = "Zakelijk".into();
            c.company_name = Some("Fietsenmakerij De Spaak".into());
        }
        _ => {}
    }
    c
}

/// The customer as the API sends it, written straight from the record (no `Value` tree per customer).
/// `company_name` is left out where the record has none, as some real records do.
pub(super) struct CustomerJson<'a>(pub u64, pub &'a Customer);

impl Serialize for CustomerJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let CustomerJson(id, c) = *self;
        let phones = Phones(id, &c.phone_numbers);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("customer_id", &id)?;
        m.serialize_entry("customer_type_name", &c.customer_type_name)?;
        m.serialize_entry("customer_reference", &c.customer_reference)?;
        m.serialize_entry("postcode", &c.postcode)?;
        m.serialize_entry("house_number", &c.house_number)?;
        m.serialize_entry("house_number_postfix", &c.house_number_postfix)?;
        m.serialize_entry("attn", &c.attn)?;
        m.serialize_entry("title", &c.title)?;
        m.serialize_entry("initials", &c.initials)?;
        m.serialize_entry("insertion", &c.insertion)?;
        m.serialize_entry("first_name", &c.first_name)?;
        m.serialize_entry("name", &c.name)?;
        m.serialize_entry("street", &c.street)?;
        m.serialize_entry("city", &c.city)?;
        m.serialize_entry("country_code_iso_3166", &c.country_code)?;
        m.serialize_entry("email", &c.email)?;
        m.serialize_entry("vat_number", &c.vat_number)?;
        m.serialize_entry("coc_number", &c.coc_number)?;
        m.serialize_entry("discount_percentage", &c.discount_percentage)?;
        m.serialize_entry(
            "datetime_created",
            &c.datetime_created.map(|t| fmt_datetime(t, ' ')),
        )?;
        m.serialize_entry("phone_numbers", &phones)?;
        if let Some(company) = &c.company_name {
            m.serialize_entry("company_name", company)?;
        }
        m.end()
    }
}

/// A customer's phone numbers, each with the customer's id.
struct Phones<'a>(u64, &'a [Phone]);

impl Serialize for Phones<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for p in self.1 {
            seq.serialize_element(&PhoneJson(self.0, p))?;
        }
        seq.end()
    }
}

struct PhoneJson<'a>(u64, &'a Phone);

impl Serialize for PhoneJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let PhoneJson(id, p) = *self;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("phone_number_id", &p.id)?;
        m.serialize_entry("customer_id", &id)?;
        m.serialize_entry("phone_number", &p.number)?;
        m.serialize_entry("name", &p.name)?;
        m.end()
    }
}

/// The customer as a JSON value, for the single-record answers.
pub(super) fn to_json(id: u64, c: &Customer) -> Value {
    serde_json::to_value(CustomerJson(id, c)).unwrap_or_default()
}

/// Builds a customer from a POST/PUT body (full replacement: fields not sent are empty), or the
/// validation messages.
pub(super) fn from_body(body: &Map<String, Value>) -> Result<Customer, Vec<String>> {
    let s = |key: &str| {
        field_str(body, key)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut errors = Vec::new();
    let mut c = Customer {
        customer_type_name: s("customer_type_name"),
        customer_reference: s("customer_reference"),
        postcode: s("postcode"),
        house_number: s("house_number"),
        house_number_postfix: s("house_number_postfix"),
        company_name: Some(s("company_name")),
        attn: s("attn"),
        title: s("title"),
        initials: s("initials"),
        insertion: s("insertion"),
        first_name: s("first_name"),
        name: s("name"),
        street: s("street"),
        city: s("city"),
        country_code: s("country_code_iso_3166").to_uppercase(),
        email: s("email"),
        vat_number: s("vat_number"),
        coc_number: s("coc_number"),
        ..Default::default()
    };
    if c.customer_type_name.is_empty() {
        c.customer_type_name = "Klant".into();
    } else if let Some(id) = type_id(&c.customer_type_name) {
        c.customer_type_name = CUSTOMER_TYPES[id as usize - 1].1.into();
    } else {
        errors.push(format!(
            "Unknown customer_type_name '{}'",
            c.customer_type_name
        ));
    }
    if c.name.is_empty() && c.company_name.as_deref().is_none_or(str::is_empty) {
        errors.push("Either name or company_name is required".into());
    }
    if !c.email.is_empty() && !is_email(&c.email) {
        errors.push(format!("Invalid e-mail address '{}'", c.email));
    }
    let two_letters =
        c.country_code.len() == 2 && c.country_code.chars().all(|ch| ch.is_ascii_alphabetic());
    if !c.country_code.is_empty() && !two_letters {
        errors.push("country_code_iso_3166 must be a two-letter ISO 3166 code".into());
    }
    match body.get("discount_percentage") {
        None | Some(Value::Null) => {}
        Some(v) => match v
            .as_f64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        {
            Some(d) if (0.0..=100.0).contains(&d) => c.discount_percentage = d,
            _ => errors.push("discount_percentage must be a number from 0 to 100".into()),
        },
    }
    if let Some(Value::Array(list)) = body.get("phone_numbers") {
        for (k, p) in list.iter().enumerate() {
            let Some(p) = p.as_object() else {
                errors.push(format!("phone_numbers[{k}] must be an object"));
                continue;
            };
            let id = field_str(p, "phone_number_id").unwrap_or_default();
            let id = if id.is_empty() {
                (700_000 + k).to_string()
            } else {
                id
            };
            c.phone_numbers.push(Phone {
                id,
                number: field_str(p, "phone_number").unwrap_or_default(),
                name: field_str(p, "name").unwrap_or_default(),
            });
        }
    }
    if errors.is_empty() {
        Ok(c)
    } else {
        Err(errors)
    }
}
