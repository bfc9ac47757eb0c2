//! Whole-file writes a crash cannot leave half done: the parameters cache, the prover's replica
//! snapshot and the node's other small state files are written through a temporary file in the
//! same folder, synced, then renamed over the old one.

use std::{
	fs,
	io::Write,
	path::{Path, PathBuf},
};

/// A failed atomic write: what was being done to which file.
#[derive(Debug, thiserror::Error)]
#[error("{action} {}: {source}", path.display())]
pub struct WriteError {
	/// What was being done (`creating`, `writing`, `syncing`, `renaming into`).
	pub action: &'static str,
	/// The file (the temporary one, or the target for the rename).
	pub path: PathBuf,
	/// The cause.
	pub source: std::io::Error,
}

/// Writes `bytes` to `path` atomically, creating its folder when missing: readers see the old
/// file or the new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
	let io = |action, path: &Path| {
		let path = path.to_owned();
		move |source| WriteError { action, path, source }
	};
	if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
		fs::create_dir_all(dir).map_err(io("creating", dir))?;
	}
	let mut tmp = path.as_os_str().to_owned();
	tmp.push(format!(".tmp.{}", std::process::id()));
	let tmp = PathBuf::from(tmp);
	let mut file = fs::File::create(&tmp).map_err(io("creating", &tmp))?;
	file.write_all(bytes).map_err(io("writing", &tmp))?;
	file.sync_all().map_err(io("syncing", &tmp))?;
	drop(file);
	fs::rename(&tmp, path).map_err(io("renaming into", path))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_write_replaces_the_whole_file_and_leaves_no_temporary() {
		let dir = std::env::temp_dir().join(format!("polylink-files-{}", std::process::id()));
		let path = dir.join("nested").join("state.bin");
		write_atomically(&path, b"first, longer contents").unwrap();
		write_atomically(&path, b"second").unwrap();
		assert_eq!(fs::read(&path).unwrap(), b"second");
		let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
		assert_eq!(names.len(), 1, "only the file itself is left");
		fs::remove_dir_all(&dir).unwrap();
	}

	#[test]
	fn a_write_into_a_file_that_is_a_folder_says_what_failed() {
		let dir = std::env::temp_dir().join(format!("polylink-files-dir-{}", std::process::id()));
		fs::create_dir_all(dir.join("taken")).unwrap();
		let error = write_atomically(&dir.join("taken"), b"x").unwrap_err();
		assert_eq!(error.action, "renaming into");
		fs::remove_dir_all(&dir).unwrap();
	}
}
