//! The dev server (coming with the editing issue).
