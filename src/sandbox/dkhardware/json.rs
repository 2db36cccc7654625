//! A DK Hardware customer as the API sends it (`customerId` a string), written straight into the
//! page's buffer: a page of 1,000 (about 1 MB) is the largest answer of any fake, and a sync reads all
//! of them. Same bytes as serde_json would write for the same object (see the test).

use axum::response::Response;

use super::data::{self, Address, Customer, ID_BASE};
use crate::sandbox::gzip;
use crate::sandbox::json_out::{Digits, datetime, digits, key, opt_string, string};

/// Records per thread below which a page is made on one thread (starting one costs more than it saves).
const PER_THREAD: usize = 250;
/// At most this many threads per page: a sync asks for one page at a time, and a second core halves
/// the time; more only queue where cores are few.
const THREADS: usize = 2;

/// The list answer `{"payload":[…]}`: `records` in order, each stored (`Some`) or else generated from
/// its index, written (and compressed, when `gzip`) in slices on up to [`THREADS`] threads, outside
/// the provider's lock.
pub(super) fn page(records: &[(u32, Option<Customer>)], seed: u64, n: u32, gzip: bool) -> Response {
    let parts = (records.len() / PER_THREAD).clamp(1, THREADS);
    let per = records.len().div_ceil(parts);
    gzip::parallel(parts, gzip, |k, out| {
        let end = ((k + 1) * per).min(records.len());
        let mine = records.get(k * per..end).unwrap_or_default();
        out.reserve(16 + mine.len() * 1_200);
        // One record's buffers, generated over for each record of the slice.
        let mut scratch = Customer::default();
        if k == 0 {
            out.extend_from_slice(b"{\"payload\":[");
        }
        for (j, (idx, stored)) in mine.iter().enumerate() {
            // Every slice after the first starts after a record of the one before.
            if k > 0 || j > 0 {
                out.push(b',');
            }
            let id = ID_BASE + *idx as u64;
            match stored {
                Some(c) => write(out, id, c),
                None => {
                    data::generate_into(&mut scratch, seed, *idx, n);
                    write(out, id, &scratch);
                }
            }
        }
        if k + 1 == parts {
            out.extend_from_slice(b"]}");
        }
    })
}

/// Appends the customer with id `id` to `out`.
pub(super) fn write(out: &mut Vec<u8>, id: u64, c: &Customer) {
    let id_text = Digits::of(id);
    let created = datetime(c.created_at, b'T');
    let updated = datetime(c.updated_at, b'T');
    let stamps = Stamps {
        id: id_text.as_bytes(),
        created: &created,
        updated: &updated,
    };
    out.push(b'{');
    key(out, "customerId");
    quoted(out, id_text.as_bytes());
    out.push(b',');
    stamps.write_times(out);
    out.push(b',');
    key(out, "firstName");
    string(out, &c.first_name);
    out.push(b',');
    key(out, "lastName");
    string(out, &c.last_name);
    out.push(b',');
    key(out, "email");
    string(out, &c.email);
    out.push(b',');
    key(out, "company");
    string(out, &c.company);
    out.push(b',');
    key(out, "phone");
    opt_string(out, c.phone.as_deref());
    out.push(b',');
    key(out, "altPhone");
    opt_string(out, c.alt_phone.as_deref());
    out.push(b',');
    key(out, "fax");
    opt_string(out, c.fax.as_deref());
    out.push(b',');
    key(out, "customerType");
    opt_string(out, c.customer_type.as_deref());
    out.push(b',');
    key(out, "addresses");
    out.push(b'[');
    for (k, a) in c.addresses.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        address(out, a, &stamps);
    }
    out.extend_from_slice(b"]}");
}

/// What every address repeats of its customer: the id and the time stamps, as text.
struct Stamps<'a> {
    id: &'a [u8],
    created: &'a [u8],
    updated: &'a [u8],
}

impl Stamps<'_> {
    fn write_times(&self, out: &mut Vec<u8>) {
        key(out, "createdAt");
        quoted(out, self.created);
        out.push(b',');
        key(out, "updatedAt");
        quoted(out, self.updated);
    }
}

/// Bytes that need no escaping (digits, time stamps), quoted.
fn quoted(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'"');
    out.extend_from_slice(text);
    out.push(b'"');
}

fn address(out: &mut Vec<u8>, a: &Address, of: &Stamps) {
    out.push(b'{');
    key(out, "addressId");
    out.push(b'"');
    digits(out, a.id);
    out.extend_from_slice(b"\",");
    key(out, "customerId");
    quoted(out, of.id);
    for (name, value) in [
        ("firstName", &a.first_name),
        ("lastName", &a.last_name),
        ("zip", &a.zip),
        ("country", &a.country),
        ("state", &a.state),
        ("city", &a.city),
        ("address1", &a.address1),
    ] {
        out.push(b',');
        key(out, name);
        string(out, value);
    }
    for (name, value) in [
        ("address2", &a.address2),
        ("company", &a.company),
        ("phone", &a.phone),
        ("altPhone", &a.alt_phone),
        ("fax", &a.fax),
    ] {
        out.push(b',');
        key(out, name);
        opt_string(out, value.as_deref());
    }
    out.push(b',');
    key(out, "isDefaultBilling");
    out.extend_from_slice(if a.billing { b"true" } else { b"false" });
    out.push(b',');
    key(out, "isDefaultShipping");
    out.extend_from_slice(if a.shipping { b"true" } else { b"false" });
    out.push(b',');
    of.write_times(out);
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::super::data::{CustomerJson, generate};
    use super::*;

    #[test]
    fn writes_the_bytes_serde_json_writes() {
        let mut customers: Vec<Customer> = (0..300).map(|i| generate(7, i, 1_000)).collect();
        // Text a user typed: quotes, a backslash, a control character, non-ASCII.
        let mut edited = generate(7, 3, 1_000);
        edited.first_name = "Zoë \"Z\" O\\Brien\t".into();
        edited.fax = None;
        edited.addresses[0].address2 = None;
        customers.push(edited);
        for (i, c) in customers.iter().enumerate() {
            let mut out = Vec::new();
            write(&mut out, 21_001 + i as u64, c);
            let expected = serde_json::to_vec(&CustomerJson(21_001 + i as u64, c)).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&expected)
            );
        }
    }
}
