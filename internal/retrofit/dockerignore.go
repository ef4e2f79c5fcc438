package retrofit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// DockerExcluded reports whether the .dockerignore content data leaves the
// slash-separated path p (relative to the build context) out of the context, as Docker
// decides it (github.com/moby/patternmatcher, which Docker's builder uses), and names
// the pattern that does. add checks the ignore file of the Dockerfile it writes with it,
// and new --force the .dockerignore it merges with the user's.
func DockerExcluded(data []byte, p string) (excluded bool, pattern string, err error) {
	patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
	if err != nil {
		return false, "", err
	}
	if excluded, err = patternmatcher.MatchesOrParentMatches(p, patterns); err != nil {
		return false, "", badPattern(patterns, p, err)
	}
	if !excluded {
		return false, "", nil
	}
	// The last pattern that excludes p by itself decides (a later exception would have
	// kept it in).
	for i := len(patterns) - 1; i >= 0; i-- {
		if !strings.HasPrefix(patterns[i], "!") {
			if ok, _ := patternmatcher.MatchesOrParentMatches(p, patterns[i:i+1]); ok {
				return true, patterns[i], nil
			}
		}
	}
	return true, "", nil
}

// badPattern names the first of patterns that Docker's matcher refuses (err, which
// names none: "syntax error in pattern"), so that its owner can find and fix it.
func badPattern(patterns []string, p string, err error) error {
	for _, pat := range patterns {
		if _, perr := patternmatcher.MatchesOrParentMatches(p, []string{pat}); perr != nil {
			return fmt.Errorf("pattern %q: %w", pat, perr)
		}
	}
	return err
}

// ContextException returns the exception (the pattern after a !) that lets p, a file a
// command writes (slash-separated, relative to a build context at the directory dir),
// into that context: the first directory on p's way that dir does not hold yet
// (internal/platform/), which holds nothing of the user's, or p itself.
func ContextException(dir, p string) string {
	parts := strings.Split(p, "/")
	for i := 1; i < len(parts); i++ {
		d := strings.Join(parts[:i], "/")
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(d))); err != nil {
			return d + "/"
		}
	}
	return p
}

// runtimeReads are the calls whose first argument, a relative path, names files a
// program reads at run time.
var runtimeReads = map[string][]string{
	"html/template": {"ParseGlob", "ParseFiles"},
	"text/template": {"ParseGlob", "ParseFiles"},
	"net/http":      {"Dir"},
	"os":            {"ReadFile", "Open", "ReadDir", "DirFS"},
}

// readsFiles returns where the main package reads files by a relative path at run time
// ("main.go:12 template.ParseGlob(\"templates/*.html\")"), which the image, holding the
// binary alone, lacks; none when the package embeds files (//go:embed).
func (m *mainPkg) readsFiles() []string {
	var out []string
	for _, f := range m.files {
		for _, cg := range f.syntax.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "//go:embed ") {
					return nil
				}
			}
		}
		ast.Inspect(f.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			pkg, name, ok := f.qualified(call.Fun)
			if !ok || !slices.Contains(runtimeReads[pkg], name) {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if v, err := strconv.Unquote(lit.Value); err == nil && v != "" && !path.IsAbs(v) {
				out = append(out, fmt.Sprintf("%s:%d %s", f.path, m.fset.PositionFor(call.Pos(), false).Line, f.src(m.fset, call)))
			}
			return true
		})
	}
	return out
}

// embedded is a file or directory of the repository a //go:embed directive of the
// program names, which its go build needs.
type embedded struct {
	path      string // the repository path
	at        string // file:line of the directive
	directive string // the directive's pattern
}

// embeds returns what the //go:embed directives of the program's Go files (generated
// ones included) name and the repository holds: a go build fails when a pattern matches
// nothing. dir is the repository's directory.
func embeds(r *repo.Repo, dir string, program []*repo.Package) []embedded {
	var out []embedded
	for _, pkg := range program {
		for _, f := range slices.Concat(pkg.Files, pkg.Generated) {
			content, _ := r.ReadFile(f.Path)
			for i, line := range strings.Split(string(content), "\n") {
				args, ok := strings.CutPrefix(strings.TrimSpace(line), "//go:embed ")
				if !ok {
					continue
				}
				for _, pattern := range embedPatterns(args) {
					// Matched below the repository, with the file's directory as
					// written: the repository's path and its directories' names may
					// hold glob characters, which only the pattern is.
					glob := path.Join(globQuote(path.Dir(f.Path)), strings.TrimPrefix(pattern, "all:"))
					matches, _ := fs.Glob(os.DirFS(dir), glob)
					for _, m := range matches {
						out = append(out, embedded{path: m, at: fmt.Sprintf("%s:%d", f.Path, i+1), directive: pattern})
					}
				}
			}
		}
	}
	return out
}

// globQuote escapes the characters of name that path.Match reads as a pattern.
func globQuote(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// embedPatterns splits the arguments of a //go:embed directive into its patterns, which
// may be quoted ("a b" or `a b`).
func embedPatterns(args string) []string {
	var out []string
	for args = strings.TrimSpace(args); args != ""; args = strings.TrimSpace(args) {
		end := strings.IndexAny(args, " \t")
		if q := args[0]; q == '"' || q == '`' {
			if i := strings.IndexByte(args[1:], q); i >= 0 {
				end = i + 2
			}
		}
		if end < 0 {
			end = len(args)
		}
		word := args[:end]
		if unq, err := strconv.Unquote(word); err == nil {
			word = unq
		}
		out = append(out, word)
		args = args[end:]
	}
	return out
}
