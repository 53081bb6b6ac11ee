"""Names of the files, folders and tables that make up a workspace."""

DB_NAME = "noticeboard.json"
LOCK_NAME = "noticeboard.lock"
MEDIA_DIR = "media"
BACKUP_DIR = "backups"
CORRUPT_SUFFIX = ".damaged-"
REPLACED_SUFFIX = ".replaced-"

META, ITEMS, TRASH, REVISIONS = "meta", "items", "trash", "revisions"
# Reviewers' comments (editor.storage.comments), one record per comment with its item_id.
COMMENTS = "comments"
