//! Guardant Station records: customers and their licence orders, generated in Russian.

use rand::Rng;
use rand::rngs::SmallRng;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

use crate::sandbox::util::{pick, record_rng};
use crate::sandbox::words::WORDS;

/// Index `i` has `_id` `i + 1`.
pub(super) const ID_BASE: u64 = 1;
const SALT: u64 = 0x6A6A;
const ORDER_SALT: u64 = 0x6A6A_0D0D;

#[derive(Clone, Debug, Default)]
pub(super) struct Customer {
    pub name: String,
    pub lastname: String,
    pub companyname: String,
    pub email: String,
    pub phone: String,
    pub description: String,
    pub status: i64,
    pub archived: bool,
    pub archivationdate: i64,
    pub crmid: String,
    pub refid: String,
}

fn feminine(last: &str) -> String {
    if ["ов", "ев", "ёв", "ин"]
        .iter()
        .any(|end| last.ends_with(end))
    {
        format!("{last}а")
    } else {
        last.to_string()
    }
}

/// The sort-relevant names of generated record `idx`: `(companyname, lastname, name)`. They are the
/// first draws of the record, so the sort indexes are built without generating whole records.
pub(super) fn names(seed: u64, idx: u32) -> (String, String, String) {
    names_from(&mut record_rng(seed, SALT, idx as u64), idx)
}

fn names_from(rng: &mut SmallRng, idx: u32) -> (String, String, String) {
    let w = &*WORDS;
    let female = rng.random_bool(0.45);
    let (first, last) = if female {
        (
            pick(rng, &w.ru_first_f).to_string(),
            feminine(pick::<&str>(rng, &w.ru_last)),
        )
    } else {
        (
            pick(rng, &w.ru_first_m).to_string(),
            pick(rng, &w.ru_last).to_string(),
        )
    };
    let company = if rng.random_bool(0.35) {
        let form = *pick(rng, &["ООО", "ООО", "АО", "ЗАО", "ПАО"]);
        format!("{form} «{}»", pick(rng, &w.ru_company))
    } else {
        String::new()
    };
    match idx {
        0 => (String::new(), "Петров".into(), "Иван".into()),
        1 => ("ООО «Ромашка»".into(), last, first),
        _ => (company, last, first),
    }
}

pub(super) fn generate(seed: u64, idx: u32) -> Customer {
    let mut rng = record_rng(seed, SALT, idx as u64);
    let (company, last, first) = names_from(&mut rng, idx);
    let mut c = Customer {
        name: first,
        lastname: last,
        companyname: company,
        email: format!("client{}@example.ru", idx + 1),
        phone: format!(
            "+7 ({}) {:03}-{:02}-{:02}",
            rng.random_range(900..1000),
            rng.random_range(0..1000),
            rng.random_range(0..100),
            rng.random_range(0..100)
        ),
        description: if rng.random_bool(0.3) {
            pick(
                &mut rng,
                &[
                    "Постоянный клиент",
                    "Пробная лицензия",
                    "Дилер",
                    "Сетевая лицензия",
                ],
            )
            .to_string()
        } else {
            String::new()
        },
        status: rng.random_range(0..2),
        archived: false,
        archivationdate: 0,
        crmid: if rng.random_bool(0.4) {
            format!("CRM-{:05}", rng.random_range(0..100_000))
        } else {
            String::new()
        },
        refid: String::new(),
    };
    if rng.random_bool(0.1) {
        c.archived = true;
        c.archivationdate = 1_600_000_000 + rng.random_range(0..150_000_000);
    }
    if idx == 0 {
        c.archived = false;
        c.archivationdate = 0;
    }
    c
}

/// The customer as the API sends it, written straight from the record (no `Value` tree per customer).
pub(super) struct CustomerJson<'a>(pub u64, pub &'a Customer);

impl Serialize for CustomerJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let CustomerJson(id, c) = *self;
        let mut m = s.serialize_map(Some(12))?;
        m.serialize_entry("_id", &id)?;
        m.serialize_entry("name", &c.name)?;
        m.serialize_entry("lastname", &c.lastname)?;
        m.serialize_entry("companyname", &c.companyname)?;
        m.serialize_entry("email", &c.email)?;
        m.serialize_entry("phone", &c.phone)?;
        m.serialize_entry("description", &c.description)?;
        m.serialize_entry("status", &c.status)?;
        m.serialize_entry("archived", &c.archived)?;
        m.serialize_entry("archivationdate", &c.archivationdate)?;
        m.serialize_entry("crmid", &c.crmid)?;
        m.serialize_entry("refid", &c.refid)?;
        m.end()
    }
}

/// The customer as a JSON value, for the single-record answers.
pub(super) fn to_json(id: u64, c: &Customer) -> Value {
    serde_json::to_value(CustomerJson(id, c)).unwrap_or_default()
}

#[derive(Clone, Debug)]
pub(super) struct Order {
    pub id: u64,
    pub number: u64,
    pub status: i64,
    pub submitdate: i64,
    pub value: Value,
}

/// The licence orders of customer `idx` (customers created through the API have none).
pub(super) fn orders(seed: u64, idx: u32) -> Vec<Order> {
    let mut rng = record_rng(seed, ORDER_SALT, idx as u64);
    let count = rng.random_range(0..7);
    (0..count)
        .map(|k| {
            let status = *pick(&mut rng, &[0i64, 1, 1, 1, 2]);
            let date = 1_500_000_000 + rng.random_range(0..250_000_000i64);
            let submitdate = if status >= 1 { date + rng.random_range(0..864_000) } else { 0 };
            let id = 10_000 + idx as u64 * 8 + k;
            let number = if status >= 1 { 100_000 + idx as u64 * 8 + k } else { 0 };
            let quantity = rng.random_range(1..20);
            let value = json!({
                "_id": id,
                "activationbirthdate": if status >= 1 { submitdate } else { 0 },
                "activationdeathdate": 0,
                "activationlimit": rng.random_range(1..10),
                "archivationdate": 0,
                "archived": false,
                "canoverwritecontainer": false,
                "customerrequired": true,
                "date": date,
                "description": pick(&mut rng, &["Сетевая лицензия", "Годовая подписка", "Тестовый ключ", ""]),
                "isdemo": status == 0 && rng.random_bool(0.5),
                "number": number,
                "quantity": quantity,
                "status": status,
                "submitdate": submitdate,
                "type": rng.random_range(0..2),
                "crmid": "",
                "refid": "",
            });
            Order { id, number, status, submitdate, value }
        })
        .collect()
}
