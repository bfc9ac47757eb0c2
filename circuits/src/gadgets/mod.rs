//! Gadgets: the building blocks of the block and exit circuits.
