//! One gzip answer built from slices compressed at once on several threads (as pigz does): each slice
//! is its own raw deflate stream, all but the last ended with a sync flush (byte-aligned, not final),
//! so their concatenation is one valid deflate stream; the CRC-32s are combined. The client sees an
//! ordinary gzip body. Used for the largest pages (DK Hardware's 1,000 customers, about 1 MB), where
//! compressing on one core was the largest share of serving a page. Each slice's buffers and deflater
//! are kept for the next page (a small pool), not made afresh per page.

use std::sync::Mutex;

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// Whether the request's `Accept-Encoding` allows gzip (a `gzip` or `*` token not weighted `q=0`).
pub(crate) fn accepted(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// Compresses `bytes` with `z` (fresh or reset) into `deflated` (emptied first); the CRC-32 of `bytes`.
fn deflate(z: &mut Compress, bytes: &[u8], last: bool, deflated: &mut Vec<u8>) -> Crc {
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    deflated.clear();
    deflated.reserve(bytes.len() / 3 + 1024);
    loop {
        if deflated.capacity() - deflated.len() < 1024 {
            deflated.reserve(bytes.len() / 4 + 1024);
        }
        let read = z.total_in() as usize;
        // Compressing into a Vec in memory: an error would be a bug in the deflater.
        let status = z
            .compress_vec(&bytes[read..], deflated, flush)
            .unwrap_or(Status::StreamEnd);
        let room_left = deflated.len() < deflated.capacity();
        let done = if last {
            status == Status::StreamEnd
        } else {
            z.total_in() as usize == bytes.len() && room_left
        };
        if done {
            break;
        }
    }
    let mut crc = Crc::new();
    crc.update(bytes);
    crc
}

/// The gzip member of compressed slices, in order (the last made with `last`): their raw deflate
/// bytes and CRC-32s.
fn join_into<'a>(out: &mut Vec<u8>, slices: impl Iterator<Item = (&'a [u8], &'a Crc)> + Clone) {
    let size = slices.clone().map(|(d, _)| d.len()).sum::<usize>();
    out.reserve(size + 18);
    // Magic, deflate, no flags, no time, fastest (XFL 4), unknown OS.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255]);
    let mut crc = Crc::new();
    for (deflated, part) in slices {
        out.extend_from_slice(deflated);
        crc.combine(part);
    }
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
}

/// What making one slice needs, kept from page to page: the slice's JSON, its deflate output and the
/// deflater (about 1 MB in all for half a 1,000-record page). Made afresh for every page, these were
/// large allocations touched page by page, and zlib's state zeroed, each time: the first pages after
/// a quiet spell were the slowest (a sync reads one page after another).
struct Scratch {
    plain: Vec<u8>,
    deflated: Vec<u8>,
    crc: Crc,
    z: Option<Compress>,
}

/// Spare scratches: at most [`SPARE`] are kept (a sync reads one page at a time), none larger than
/// [`SPARE_BYTES`] (a page of long edited records is not held on to).
static SPARES: Mutex<Vec<Scratch>> = Mutex::new(Vec::new());
const SPARE: usize = 4;
const SPARE_BYTES: usize = 8 << 20;

fn take_scratch() -> Scratch {
    let spare = SPARES.lock().unwrap_or_else(|e| e.into_inner()).pop();
    spare.unwrap_or_else(|| Scratch {
        plain: Vec::new(),
        deflated: Vec::new(),
        crc: Crc::new(),
        z: None,
    })
}

fn give_back(scratches: Vec<Scratch>) {
    let mut spares = SPARES.lock().unwrap_or_else(|e| e.into_inner());
    for s in scratches {
        if spares.len() < SPARE && s.plain.capacity() + s.deflated.capacity() <= SPARE_BYTES {
            spares.push(s);
        }
    }
}

/// A 200 JSON answer made of `parts` slices, slice `k` written by `write(k, out)` and compressed (when
/// `gzip`) on its own thread, the last on the caller's: a large page takes about 1/`parts` of the time.
pub(crate) fn parallel(
    parts: usize,
    gzip: bool,
    write: impl Fn(usize, &mut Vec<u8>) + Sync,
) -> Response {
    let parts = parts.max(1);
    let make = |k: usize| {
        let mut s = take_scratch();
        s.plain.clear();
        write(k, &mut s.plain);
        if gzip {
            let last = k + 1 == parts;
            let z = match &mut s.z {
                Some(z) => {
                    z.reset();
                    z
                }
                None => s.z.insert(Compress::new(Compression::fast(), false)),
            };
            s.crc = deflate(z, &s.plain, last, &mut s.deflated);
        }
        s
    };
    let made: Vec<Scratch> = std::thread::scope(|scope| {
        let spawned: Vec<_> = (0..parts - 1)
            .map(|k| {
                let make = &make;
                std::thread::Builder::new()
                    .name("sandbox-page".into())
                    .spawn_scoped(scope, move || make(k))
            })
            .collect();
        let last = make(parts - 1);
        // A thread that did not start (or panicked) has its slice made here instead.
        let mut made: Vec<_> = spawned
            .into_iter()
            .enumerate()
            .map(|(k, h)| {
                h.ok()
                    .and_then(|h| h.join().ok())
                    .unwrap_or_else(|| make(k))
            })
            .collect();
        made.push(last);
        made
    });
    let mut body = Vec::new();
    if gzip {
        join_into(&mut body, made.iter().map(|s| (&s.deflated[..], &s.crc)));
    } else {
        body.reserve(made.iter().map(|s| s.plain.len()).sum());
        for s in &made {
            body.extend_from_slice(&s.plain);
        }
    }
    give_back(made);
    if gzip {
        response(body)
    } else {
        crate::sandbox::json_out::response(body)
    }
}

/// A 200 JSON answer already compressed with gzip.
fn response(gzipped: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
            (header::VARY, HeaderValue::from_static("accept-encoding")),
        ],
        gzipped,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    /// A slice of the answer, compressed: its raw deflate bytes, their CRC-32 and length uncompressed.
    struct Slice {
        deflated: Vec<u8>,
        crc: Crc,
    }

    /// Compresses `bytes` at the fastest level; `last` ends the stream, otherwise a sync flush leaves it
    /// open on a byte boundary for the next slice.
    fn slice(bytes: &[u8], last: bool) -> Slice {
        let mut z = Compress::new(Compression::fast(), false);
        let mut deflated = Vec::new();
        let crc = deflate(&mut z, bytes, last, &mut deflated);
        Slice { deflated, crc }
    }

    /// The gzip member of the slices, in order (the last made with `last`).
    fn join(slices: Vec<Slice>) -> Vec<u8> {
        let mut out = Vec::new();
        join_into(&mut out, slices.iter().map(|s| (&s.deflated[..], &s.crc)));
        out
    }

    #[test]
    fn slices_compressed_apart_read_back_as_one_gzip_body() {
        let text: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("{{\"n\":{i},\"s\":\"x{}\"}},", i % 97).into_bytes())
            .collect();
        for cuts in [vec![], vec![1], vec![70_000], vec![10, 500_000, 900_000]] {
            let mut bounds = vec![0];
            bounds.extend(cuts.iter().map(|&c| c.min(text.len())));
            bounds.push(text.len());
            let parts = bounds.len() - 1;
            let slices = (0..parts)
                .map(|k| slice(&text[bounds[k]..bounds[k + 1]], k + 1 == parts))
                .collect();
            let gz = join(slices);
            let mut back = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut back)
                .expect("a valid gzip body, its CRC and length checked");
            assert!(back == text, "{cuts:?}");
        }
        let empty = join(vec![slice(b"", true)]);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&empty[..])
            .read_to_end(&mut back)
            .unwrap();
        assert!(back.is_empty());
    }

    /// Pages one after another reuse the buffers and deflaters of the pages before: nothing of an
    /// earlier page may show in a later one, gzipped or not (a long page, then a short one, then
    /// another long one, several at once).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pages_made_one_after_another_carry_nothing_of_the_page_before() {
        let text = |n: u32, tag: &str| -> Vec<u8> {
            (0..n)
                .flat_map(|i| format!("{{\"{tag}\":{i},\"s\":\"x{}\"}},", i % 89).into_bytes())
                .collect()
        };
        let pages = [text(60_000, "a"), text(300, "b"), text(50_000, "c")];
        let serve = |page: &Vec<u8>, gzip: bool| {
            let page = page.clone();
            tokio::spawn(async move {
                let half = page.len() / 2;
                let response = parallel(2, gzip, |k, out| {
                    out.extend_from_slice(if k == 0 { &page[..half] } else { &page[half..] })
                });
                let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                    .await
                    .unwrap();
                let mut back = Vec::new();
                if gzip {
                    flate2::read::GzDecoder::new(&body[..])
                        .read_to_end(&mut back)
                        .expect("a valid gzip body");
                } else {
                    back = body.to_vec();
                }
                assert!(back == page, "gzip {gzip}: a page reads back as itself");
            })
        };
        for round in 0..3 {
            let mut running = Vec::new();
            for page in &pages {
                running.push(serve(page, round != 1));
                running.push(serve(page, round != 2));
            }
            for r in running {
                r.await.unwrap();
            }
        }
    }

    #[test]
    fn gzip_is_sent_only_where_accepted() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            accepted(&headers)
        };
        assert!(with("gzip"));
        assert!(with("br, GZIP;q=0.5"));
        assert!(with("*"));
        assert!(!with("gzip;q=0"));
        assert!(!with("identity"));
        assert!(!accepted(&HeaderMap::new()));
    }
}
