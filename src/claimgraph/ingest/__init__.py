"""Reading articles from files, stdin, URLs and corpora into plain text plus metadata."""
