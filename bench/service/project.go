//go:build linux

package main

import (
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Bounds of the build steps; a cold module cache and build cache need the most.
const (
	tidyTimeout  = 5 * time.Minute
	buildTimeout = 10 * time.Minute
)

// project is a copy of a rendered service in a temporary directory.
type project struct {
	name      string // golden case or variant name
	dir       string
	framework string // "gin" or "echo", from go.mod
	mtls      bool   // the code reads TLS_CERT_FILE
	pprof     bool   // the code reads PPROF_ENABLED
	otel      bool   // go.mod requires OpenTelemetry
	certs     bool   // the Makefile has a certs target
	binary    string // bin/<name> written by make build
	bare      string // the bare-framework baseline, when built
}

// copyTree copies the regular files of src into dst, keeping their permissions.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular():
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode().Perm())
	})
}

var certsTarget = regexp.MustCompile(`(?m)^certs:`)

// inspect detects the framework and the optional features from the project's files, not
// from its answers: a feature counts once its code is there.
func (p *project) inspect() error {
	gomod, err := os.ReadFile(filepath.Join(p.dir, "go.mod"))
	if err != nil {
		return err
	}
	switch mod := string(gomod); {
	case strings.Contains(mod, "github.com/gin-gonic/gin "):
		p.framework = "gin"
	case strings.Contains(mod, "github.com/labstack/echo/v5 "):
		p.framework = "echo"
	default:
		return errors.New("go.mod requires neither gin-gonic/gin nor labstack/echo/v5")
	}
	p.otel = strings.Contains(string(gomod), "go.opentelemetry.io/otel")
	if mk, err := os.ReadFile(filepath.Join(p.dir, "Makefile")); err == nil {
		p.certs = certsTarget.Match(mk)
	}
	return filepath.WalkDir(p.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		p.mtls = p.mtls || strings.Contains(string(src), `"TLS_CERT_FILE"`)
		p.pprof = p.pprof || strings.Contains(string(src), `"PPROF_ENABLED"`)
		return nil
	})
}

// features lists the optional features found in the code.
func (p *project) features() []string {
	var fs []string
	for _, f := range []struct {
		name string
		on   bool
	}{{"mtls", p.mtls}, {"pprof", p.pprof}, {"otel", p.otel}} {
		if f.on {
			fs = append(fs, f.name)
		}
	}
	return fs
}

// build tidies the project and runs its make build, then finds the binary in bin/.
func (p *project) build(ctx context.Context) error {
	if _, err := runCmd(ctx, tidyTimeout, p.dir, nil, "go", "mod", "tidy"); err != nil {
		return err
	}
	if _, err := runCmd(ctx, buildTimeout, p.dir, nil, "make", "build", "VERSION=bench", "COMMIT=bench"); err != nil {
		return err
	}
	entries, err := os.ReadDir(filepath.Join(p.dir, "bin"))
	if err != nil {
		return err
	}
	var bins []string
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0 {
			bins = append(bins, filepath.Join(p.dir, "bin", e.Name()))
		}
	}
	if len(bins) != 1 {
		return fmt.Errorf("make build left %d executables in bin/, want 1: %v", len(bins), bins)
	}
	p.binary = bins[0]
	return nil
}

// buildBare writes the bare-framework baseline into the copy and builds it like make
// build does (static, stripped).
func (p *project) buildBare(ctx context.Context) error {
	dir := filepath.Join(p.dir, "cmd", "benchbare")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(bareSource(p.framework)), 0o644); err != nil {
		return err
	}
	out := filepath.Join(p.dir, ".bench", "benchbare")
	_, err := runCmd(ctx, buildTimeout, p.dir, []string{"CGO_ENABLED=0"},
		"go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./cmd/benchbare")
	if err != nil {
		return err
	}
	p.bare = out
	return nil
}

// binaryFacts is what the ELF file says about a binary.
type binaryFacts struct {
	size     int64
	static   bool // no interpreter, no shared libraries
	stripped bool // no symbol table
}

func inspectBinary(path string) (binaryFacts, error) {
	info, err := os.Stat(path)
	if err != nil {
		return binaryFacts{}, err
	}
	f, err := elf.Open(path)
	if err != nil {
		return binaryFacts{}, err
	}
	defer f.Close()
	facts := binaryFacts{size: info.Size(), static: true, stripped: f.Section(".symtab") == nil}
	for _, prog := range f.Progs {
		if prog.Type == elf.PT_INTERP {
			facts.static = false
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		facts.static = false
	}
	return facts, nil
}

// bareSource is the baseline server: the framework's router with only POST /v1/orders,
// decoding and validating like the example endpoint (unknown fields and trailing data
// refused, item 1–100 characters, quantity 1–1000, random id) and answering 201 JSON.
// No middleware, no logging, no server timeouts.
func bareSource(framework string) string {
	const common = `// Command benchbare is the bare-framework baseline of gonew-prod's bench/service:
// POST /v1/orders only, without middleware or logging.
package main

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"os"
	"unicode/utf8"

	%s
)

type orderRequest struct {
	Item     string ` + "`json:\"item\"`" + `
	Quantity int    ` + "`json:\"quantity\"`" + `
}

type orderResponse struct {
	ID       string ` + "`json:\"id\"`" + `
	Item     string ` + "`json:\"item\"`" + `
	Quantity int    ` + "`json:\"quantity\"`" + `
}

func create(r io.Reader) (orderResponse, error) {
	var req orderRequest
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return orderResponse{}, err
	}
	if dec.More() {
		return orderResponse{}, errors.New("unexpected data after the JSON object")
	}
	if n := utf8.RuneCountInString(req.Item); n == 0 || n > 100 {
		return orderResponse{}, errors.New("item must have 1 to 100 characters")
	}
	if req.Quantity < 1 || req.Quantity > 1000 {
		return orderResponse{}, errors.New("quantity must be between 1 and 1000")
	}
	return orderResponse{ID: rand.Text(), Item: req.Item, Quantity: req.Quantity}, nil
}

type errorResponse struct {
	Error string ` + "`json:\"error\"`" + `
}
`
	switch framework {
	case "echo":
		return fmt.Sprintf(common, `"github.com/labstack/echo/v5"`) + `
func main() {
	e := echo.New()
	e.POST("/v1/orders", func(c *echo.Context) error {
		o, err := create(c.Request().Body)
		if err != nil {
			return c.JSON(http.StatusBadRequest, errorResponse{Error: err.Error()})
		}
		return c.JSON(http.StatusCreated, o)
	})
	log.Fatal(http.ListenAndServe(os.Getenv("HTTP_ADDR"), e))
}
`
	default:
		return fmt.Sprintf(common, `"github.com/gin-gonic/gin"`) + `
func main() {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/v1/orders", func(c *gin.Context) {
		o, err := create(c.Request.Body)
		if err != nil {
			c.JSON(http.StatusBadRequest, errorResponse{Error: err.Error()})
			return
		}
		c.JSON(http.StatusCreated, o)
	})
	log.Fatal(http.ListenAndServe(os.Getenv("HTTP_ADDR"), r))
}
`
	}
}
