module example.com/fixtures/catalog

go 1.23

require (
	github.com/gorilla/mux v1.8.1
	// An old golang.org/x/sys, vendored: the code add brings needs a newer one, so
	// go mod vendor rewrites and removes files of vendor/.
	golang.org/x/sys v0.28.0
)
