"""Reading and verifying bundles made by the export (editor.export)."""
