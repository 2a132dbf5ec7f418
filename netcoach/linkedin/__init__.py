"""The LinkedIn data-export importer: `read` turns an archive into rows, `apply` stores them."""
