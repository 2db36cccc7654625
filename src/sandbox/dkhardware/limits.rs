//! DK Hardware's limits: per client, fixed windows of reads and of writes (200 and 100 a minute by
//! default, or `--rate-limit dkhardware=N/Ss` for both), on the clock: a minute window starts at :00 UTC.

use std::collections::HashMap;
use std::time::Duration;

use crate::domain::ProviderId;
use crate::sandbox::SandboxOptions;
use crate::sandbox::limits::Fixed;

pub(super) struct Limits {
    reads: Fixed,
    writes: Fixed,
    /// Each client's (reads, writes) windows.
    clients: HashMap<String, (Fixed, Fixed)>,
}

impl Limits {
    pub fn new(options: &SandboxOptions) -> Limits {
        let (reads, writes) = match options.rate_limit(ProviderId::DkHardware) {
            Some(limit) => (
                Fixed::new(limit.requests, limit.per),
                Fixed::new(limit.requests, limit.per),
            ),
            None => {
                let minute = Duration::from_secs(60);
                (
                    Fixed::new(options.dk_reads_per_minute, minute),
                    Fixed::new(options.dk_writes_per_minute, minute),
                )
            }
        };
        Limits {
            reads,
            writes,
            clients: HashMap::new(),
        }
    }

    /// Counts a request of `client` and says whether it is within its window.
    pub fn hit(&mut self, client: &str, write: bool) -> bool {
        let (reads, writes) = (self.reads, self.writes);
        let windows = self
            .clients
            .entry(client.to_string())
            .or_insert((reads, writes));
        if write {
            windows.1.hit()
        } else {
            windows.0.hit()
        }
    }
}
