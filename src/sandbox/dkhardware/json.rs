//! A DK Hardware customer as the API sends it (`customerId` a string), written straight into the
//! page's buffer: a page of 1,000 (about 1 MB) is the largest answer of any fake, and a sync reads all
//! of them. Same bytes as serde_json would write for the same object (see the test).

use axum::response::Response;

use super::data::{self, Address, Customer, ID_BASE};
use crate::sandbox::gzip;
use crate::sandbox::json_out::{Digits, datetime, digits, string_contents};

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

/// Appends the customer with id `id` to `out`. Each key is written with the punctuation around it as
/// one literal (`","firstName":"`): a record is about 70 fields, and comma, key, colon and quotes
/// apart were six small copies each.
pub(super) fn write(out: &mut Vec<u8>, id: u64, c: &Customer) {
    let id = Digits::of(id);
    let of = Stamps {
        id: id.as_bytes(),
        created: datetime(c.created_at, b'T'),
        updated: datetime(c.updated_at, b'T'),
    };
    out.extend_from_slice(b"{\"customerId\":\"");
    out.extend_from_slice(of.id);
    of.write_times(out);
    text(out, b",\"firstName\":\"", &c.first_name);
    text(out, b"\",\"lastName\":\"", &c.last_name);
    text(out, b"\",\"email\":\"", &c.email);
    text(out, b"\",\"company\":\"", &c.company);
    out.push(b'"');
    opt_text(out, b",\"phone\":", c.phone.as_deref());
    opt_text(out, b",\"altPhone\":", c.alt_phone.as_deref());
    opt_text(out, b",\"fax\":", c.fax.as_deref());
    opt_text(out, b",\"customerType\":", c.customer_type.as_deref());
    out.extend_from_slice(b",\"addresses\":[");
    for (k, a) in c.addresses.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        address(out, a, &of);
    }
    out.extend_from_slice(b"]}");
}

/// What every address repeats of its customer: the id and the time stamps, as text.
struct Stamps<'a> {
    id: &'a [u8],
    created: [u8; 19],
    updated: [u8; 19],
}

impl Stamps<'_> {
    /// `","createdAt":"…","updatedAt":"…"` (after a string value still open).
    fn write_times(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\",\"createdAt\":\"");
        out.extend_from_slice(&self.created);
        out.extend_from_slice(b"\",\"updatedAt\":\"");
        out.extend_from_slice(&self.updated);
        out.push(b'"');
    }
}

/// `before` (a key and its punctuation, ending in the value's opening quote), then `s` escaped.
#[inline(always)]
fn text(out: &mut Vec<u8>, before: &[u8], s: &str) {
    out.extend_from_slice(before);
    string_contents(out, s);
}

/// `before` (a key and its colon), then `s` quoted, or `null`.
#[inline(always)]
fn opt_text(out: &mut Vec<u8>, before: &[u8], s: Option<&str>) {
    out.extend_from_slice(before);
    match s {
        Some(s) => {
            out.push(b'"');
            string_contents(out, s);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
}

fn address(out: &mut Vec<u8>, a: &Address, of: &Stamps) {
    out.extend_from_slice(b"{\"addressId\":\"");
    digits(out, a.id);
    out.extend_from_slice(b"\",\"customerId\":\"");
    out.extend_from_slice(of.id);
    text(out, b"\",\"firstName\":\"", &a.first_name);
    text(out, b"\",\"lastName\":\"", &a.last_name);
    text(out, b"\",\"zip\":\"", &a.zip);
    text(out, b"\",\"country\":\"", &a.country);
    text(out, b"\",\"state\":\"", &a.state);
    text(out, b"\",\"city\":\"", &a.city);
    text(out, b"\",\"address1\":\"", &a.address1);
    out.push(b'"');
    opt_text(out, b",\"address2\":", a.address2.as_deref());
    opt_text(out, b",\"company\":", a.company.as_deref());
    opt_text(out, b",\"phone\":", a.phone.as_deref());
    opt_text(out, b",\"altPhone\":", a.alt_phone.as_deref());
    opt_text(out, b",\"fax\":", a.fax.as_deref());
    out.extend_from_slice(if a.billing {
        b",\"isDefaultBilling\":true"
    } else {
        b",\"isDefaultBilling\":false"
    });
    out.extend_from_slice(if a.shipping {
        b",\"isDefaultShipping\":true,\"createdAt\":\""
    } else {
        b",\"isDefaultShipping\":false,\"createdAt\":\""
    });
    out.extend_from_slice(&of.created);
    out.extend_from_slice(b"\",\"updatedAt\":\"");
    out.extend_from_slice(&of.updated);
    out.extend_from_slice(b"\"}");
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
