//! [`FileStore`]: tree nodes in a crash-safe append-only log file (std only).

use super::TreeStore;
use crate::field::{from_be_bytes, to_be_bytes, Fr};
use std::{
	collections::HashMap,
	ffi::OsString,
	fmt,
	fs::{self, File, OpenOptions},
	io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write},
	path::{Path, PathBuf},
	vec::Vec,
};

/// The first bytes of every log file (format version 1).
pub(super) const MAGIC: [u8; 8] = *b"PLSMTv1\n";
/// The size of one log record.
pub(super) const RECORD_LEN: usize = 46;

const KIND_SET: u8 = 1;
const KIND_REMOVE: u8 = 2;
const KIND_COMMIT: u8 = 3;

/// A [`TreeStore`] persisted in an append-only log file, with every node also held in memory.
///
/// # Error handling and durability
///
/// [`TreeStore::set`] and [`TreeStore::remove`] cannot fail: they change the in-memory nodes at
/// once (reads see them) and queue a log record in memory. Nothing reaches the file until
/// [`FileStore::commit`], which appends the queued records and a commit record, syncs the file
/// and reports any I/O error. A commit is atomic: after a crash, reopening yields exactly the
/// state of the last successful commit. A failed commit keeps the queued records, so it can be
/// retried. Dropping the store discards uncommitted changes (like an uncommitted database
/// transaction); commit after each block or batch.
///
/// The log only grows; [`FileStore::compact`] rewrites it with one record per live node. The
/// file is locked while open, so a second `FileStore` on the same file fails to open.
///
/// # File format
///
/// An 8-byte magic (`PLSMTv1\n`) followed by fixed-size records of 46 bytes:
///
/// | bytes  | field                                                     |
/// |--------|-----------------------------------------------------------|
/// | 0      | kind: 1 = set, 2 = remove, 3 = commit                     |
/// | 1      | level (0 for a commit)                                    |
/// | 2..10  | index, little-endian (0 for a commit)                     |
/// | 10..42 | value, 32 bytes big-endian (zero for a remove or commit)  |
/// | 42..46 | CRC-32 (IEEE) of bytes 0..42, little-endian               |
///
/// Records between two commit records form one transaction. Reopening replays the log and
/// applies only whole transactions: a record that is cut short, fails its checksum or has an
/// unknown kind ends the replay, and everything after the last commit record (the transaction a
/// crash interrupted) is discarded and truncated away. Only that tail can be damaged by a crash,
/// because the store writes nowhere else; damage in the middle of the log (a failing disk)
/// would likewise drop every later transaction, silently.
pub struct FileStore {
	path: PathBuf,
	file: File,
	nodes: HashMap<(u8, u64), Fr>,
	/// Encoded records not yet committed.
	pending: Vec<u8>,
	/// Length of the log up to and including the last commit record.
	committed_len: u64,
	/// Set and remove records in the committed log (to decide when to compact).
	log_records: u64,
}

impl FileStore {
	/// Opens the log at `path`, creating an empty one if there is no file, and replays it.
	///
	/// Fails if the file cannot be opened, created, read or locked (another `FileStore` has it
	/// open), if it is not a tree log, or if a record with a valid checksum holds a
	/// non-canonical field element. A torn tail is truncated away (see the file format above).
	pub fn open(path: impl AsRef<Path>) -> io::Result<Self> {
		let path = path.as_ref().to_path_buf();
		let file =
			OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path)?;
		file.try_lock()?;
		let file_len = file.metadata()?.len();
		let mut store = Self {
			path,
			file,
			nodes: HashMap::new(),
			pending: Vec::new(),
			committed_len: MAGIC.len() as u64,
			log_records: 0,
		};
		if file_len < MAGIC.len() as u64 {
			// A new file, or one whose creation was interrupted before the magic was synced.
			let mut existing = Vec::new();
			store.file.read_to_end(&mut existing)?;
			if !MAGIC.starts_with(&existing) {
				return Err(invalid_data("not a Polylink tree log (bad magic)"));
			}
			store.file.set_len(0)?;
			store.file.seek(SeekFrom::Start(0))?;
			store.file.write_all(&MAGIC)?;
			store.file.sync_all()?;
			sync_parent_dir(&store.path)?;
		} else {
			store.replay()?;
			if store.committed_len < file_len {
				store.file.set_len(store.committed_len)?;
				store.file.sync_all()?;
			}
		}
		Ok(store)
	}

	/// Appends the changes made since the last commit to the log, atomically, and syncs it.
	///
	/// Does nothing if there are no changes. On error the changes stay queued (and visible in
	/// memory), and a later `commit` retries them. As with any fsync failure, a transaction
	/// whose commit failed may or may not survive a crash; it is never partly applied.
	pub fn commit(&mut self) -> io::Result<()> {
		if self.pending.is_empty() {
			return Ok(());
		}
		let queued = self.pending.len();
		self.pending.extend_from_slice(&encode_record(KIND_COMMIT, 0, 0, &[0; 32]));
		let written = self.write_pending();
		let pending = core::mem::take(&mut self.pending);
		match written {
			Ok(()) => {
				self.committed_len += pending.len() as u64;
				self.log_records += (queued / RECORD_LEN) as u64;
				// Keep the buffer's capacity for the next transaction.
				self.pending = pending;
				self.pending.clear();
				Ok(())
			}
			Err(error) => {
				self.pending = pending;
				self.pending.truncate(queued);
				Err(error)
			}
		}
	}

	/// Rewrites the log with one record per live node, through a temporary file renamed over
	/// the log, so that a crash leaves either the old or the new log.
	///
	/// The rewritten log holds the current in-memory state, so compacting also commits the
	/// queued changes. On error the old log and the queued changes are kept.
	pub fn compact(&mut self) -> io::Result<()> {
		let mut temp_path = OsString::from(self.path.as_os_str());
		temp_path.push(".compact");
		let temp_path = PathBuf::from(temp_path);
		let result = self.write_compacted(&temp_path);
		if result.is_err() {
			// Best effort: the temporary file is garbage either way and is truncated on reuse.
			let _ = fs::remove_file(&temp_path);
		}
		result
	}

	/// Whether there are changes not yet committed.
	pub fn has_uncommitted(&self) -> bool {
		!self.pending.is_empty()
	}

	/// The number of stored (non-empty) nodes.
	pub fn len(&self) -> usize {
		self.nodes.len()
	}

	/// Whether no node is stored.
	pub fn is_empty(&self) -> bool {
		self.nodes.is_empty()
	}

	/// The number of set and remove records in the committed log; compare with [`Self::len`]
	/// to decide when [`Self::compact`] is worth it.
	pub fn log_records(&self) -> u64 {
		self.log_records
	}

	/// The path of the log file.
	pub fn path(&self) -> &Path {
		&self.path
	}

	fn write_pending(&mut self) -> io::Result<()> {
		self.file.seek(SeekFrom::Start(self.committed_len))?;
		self.file.write_all(&self.pending)?;
		self.file.sync_data()
	}

	fn write_compacted(&mut self, temp_path: &Path) -> io::Result<()> {
		let file = OpenOptions::new()
			.read(true)
			.write(true)
			.create(true)
			.truncate(true)
			.open(temp_path)?;
		file.try_lock()?;
		let mut writer = BufWriter::new(file);
		writer.write_all(&MAGIC)?;
		for (&(level, index), value) in &self.nodes {
			writer.write_all(&encode_record(KIND_SET, level, index, &to_be_bytes(value)))?;
		}
		writer.write_all(&encode_record(KIND_COMMIT, 0, 0, &[0; 32]))?;
		let file = writer.into_inner().map_err(io::IntoInnerError::into_error)?;
		file.sync_all()?;
		let len = file.metadata()?.len();
		fs::rename(temp_path, &self.path)?;
		sync_parent_dir(&self.path)?;
		self.file = file;
		self.committed_len = len;
		self.log_records = self.nodes.len() as u64;
		self.pending.clear();
		Ok(())
	}

	/// Reads the log from the start into `nodes`, setting `committed_len` and `log_records`.
	fn replay(&mut self) -> io::Result<()> {
		self.file.seek(SeekFrom::Start(0))?;
		let mut reader = BufReader::new(&self.file);
		let mut magic = [0u8; MAGIC.len()];
		reader.read_exact(&mut magic)?;
		if magic != MAGIC {
			return Err(invalid_data("not a Polylink tree log (bad magic)"));
		}
		let mut transaction: Vec<(u8, u8, u64, Fr)> = Vec::new();
		let mut offset = MAGIC.len() as u64;
		let mut record = [0u8; RECORD_LEN];
		loop {
			match reader.read_exact(&mut record) {
				Ok(()) => {}
				Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => break,
				Err(error) => return Err(error),
			}
			let Some((kind, level, index, value)) = decode_record(&record)? else {
				break;
			};
			offset += RECORD_LEN as u64;
			if kind != KIND_COMMIT {
				transaction.push((kind, level, index, value));
				continue;
			}
			for (kind, level, index, value) in transaction.drain(..) {
				if kind == KIND_SET {
					self.nodes.insert((level, index), value);
				} else {
					self.nodes.remove(&(level, index));
				}
				self.log_records += 1;
			}
			self.committed_len = offset;
		}
		Ok(())
	}

	fn queue(&mut self, kind: u8, level: u8, index: u64, value: &Fr) {
		self.pending.extend_from_slice(&encode_record(kind, level, index, &to_be_bytes(value)));
	}
}

impl TreeStore for FileStore {
	fn get(&self, level: u8, index: u64) -> Option<Fr> {
		self.nodes.get(&(level, index)).copied()
	}

	fn set(&mut self, level: u8, index: u64, value: Fr) {
		if self.nodes.insert((level, index), value) != Some(value) {
			self.queue(KIND_SET, level, index, &value);
		}
	}

	fn remove(&mut self, level: u8, index: u64) {
		if self.nodes.remove(&(level, index)).is_some() {
			self.queue(KIND_REMOVE, level, index, &Fr::zero());
		}
	}
}

impl fmt::Debug for FileStore {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("FileStore")
			.field("path", &self.path)
			.field("nodes", &self.nodes.len())
			.field("uncommitted_bytes", &self.pending.len())
			.field("committed_len", &self.committed_len)
			.finish()
	}
}

fn invalid_data(message: &'static str) -> io::Error {
	io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Makes a created or renamed file's directory entry durable (a no-op off Unix).
fn sync_parent_dir(path: &Path) -> io::Result<()> {
	#[cfg(unix)]
	{
		let dir = match path.parent() {
			Some(dir) if !dir.as_os_str().is_empty() => dir,
			_ => Path::new("."),
		};
		File::open(dir)?.sync_all()?;
	}
	#[cfg(not(unix))]
	let _ = path;
	Ok(())
}

fn encode_record(kind: u8, level: u8, index: u64, value: &[u8; 32]) -> [u8; RECORD_LEN] {
	let mut record = [0u8; RECORD_LEN];
	record[0] = kind;
	record[1] = level;
	record[2..10].copy_from_slice(&index.to_le_bytes());
	record[10..42].copy_from_slice(value);
	let crc = crc32(&record[..42]);
	record[42..].copy_from_slice(&crc.to_le_bytes());
	record
}

/// The record's fields; `None` if it is torn (bad checksum or kind), an error if it is intact
/// but holds a non-canonical field element.
fn decode_record(record: &[u8; RECORD_LEN]) -> io::Result<Option<(u8, u8, u64, Fr)>> {
	let crc = u32::from_le_bytes(record[42..].try_into().expect("4 bytes"));
	let kind = record[0];
	if crc != crc32(&record[..42]) || !matches!(kind, KIND_SET | KIND_REMOVE | KIND_COMMIT) {
		return Ok(None);
	}
	let level = record[1];
	let index = u64::from_le_bytes(record[2..10].try_into().expect("8 bytes"));
	let value = from_be_bytes(record[10..42].try_into().expect("32 bytes"))
		.ok_or_else(|| invalid_data("tree log record holds a non-canonical field element"))?;
	Ok(Some((kind, level, index, value)))
}

const CRC32_TABLE: [u32; 256] = {
	let mut table = [0u32; 256];
	let mut i = 0;
	while i < 256 {
		let mut crc = i as u32;
		let mut bit = 0;
		while bit < 8 {
			crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
			bit += 1;
		}
		table[i] = crc;
		i += 1;
	}
	table
};

/// CRC-32 (IEEE 802.3, as in zip and PNG).
fn crc32(bytes: &[u8]) -> u32 {
	!bytes
		.iter()
		.fold(!0u32, |crc, &byte| CRC32_TABLE[((crc ^ byte as u32) & 0xff) as usize] ^ (crc >> 8))
}
