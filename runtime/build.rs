//! Builds the runtime's wasm blob (`WASM_BINARY`) with polkadot-sdk's wasm builder.

fn main() {
	#[cfg(feature = "std")]
	{
		// The target directory lies outside the workspace ($HOME/.cache/polylink/target), so the
		// wasm builder cannot find the workspace's Cargo.lock by walking up from OUT_DIR: point
		// it at the workspace, so that the blob builds with the locked versions and profiles.
		if std::env::var_os("WASM_BUILD_WORKSPACE_HINT").is_none() {
			let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
			let workspace = runtime.parent().expect("the runtime lies in the workspace");
			std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
		}
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
