//! One gzip answer built from slices compressed at once on several threads (as pigz does): each slice
//! is its own raw deflate stream, all but the last ended with a sync flush (byte-aligned, not final),
//! so their concatenation is one valid deflate stream; the CRC-32s are combined. The client sees an
//! ordinary gzip body. Used for the largest pages (DK Hardware's 1,000 customers, about 1 MB), where
//! compressing on one core was the largest share of serving a page.

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

/// A slice of the answer, compressed: its raw deflate bytes, their CRC-32 and length uncompressed.
pub(crate) struct Slice {
    deflated: Vec<u8>,
    crc: Crc,
}

/// Compresses `bytes` at the fastest level; `last` ends the stream, otherwise a sync flush leaves it
/// open on a byte boundary for the next slice.
pub(crate) fn slice(bytes: &[u8], last: bool) -> Slice {
    let mut z = Compress::new(Compression::fast(), false);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut deflated = Vec::with_capacity(bytes.len() / 3 + 1024);
    loop {
        if deflated.capacity() - deflated.len() < 1024 {
            deflated.reserve(bytes.len() / 4 + 1024);
        }
        let read = z.total_in() as usize;
        // Compressing into a Vec in memory: an error would be a bug in the deflater.
        let status = z
            .compress_vec(&bytes[read..], &mut deflated, flush)
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
    Slice { deflated, crc }
}

/// The gzip member of the slices, in order (the last made with `last`).
pub(crate) fn join(slices: Vec<Slice>) -> Vec<u8> {
    let size = slices.iter().map(|s| s.deflated.len()).sum::<usize>();
    let mut out = Vec::with_capacity(size + 18);
    // Magic, deflate, no flags, no time, fastest (XFL 4), unknown OS.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255]);
    let mut crc = Crc::new();
    for s in slices {
        out.extend_from_slice(&s.deflated);
        crc.combine(&s.crc);
    }
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
    out
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
        let mut bytes = Vec::new();
        write(k, &mut bytes);
        if gzip {
            Made::Deflated(slice(&bytes, k + 1 == parts))
        } else {
            Made::Plain(bytes)
        }
    };
    let made: Vec<Made> = std::thread::scope(|scope| {
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
    let (mut plain, mut deflated) = (Vec::new(), Vec::new());
    for m in made {
        match m {
            Made::Plain(bytes) => plain.push(bytes),
            Made::Deflated(s) => deflated.push(s),
        }
    }
    if gzip {
        response(join(deflated))
    } else {
        crate::sandbox::json_out::response(plain.concat())
    }
}

/// A slice as made: JSON as is, or compressed.
enum Made {
    Plain(Vec<u8>),
    Deflated(Slice),
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
