package retrofit

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ignorePattern is one line of a .dockerignore: the files it matches (and, as in Docker,
// everything below a directory it matches), and whether it is an exception (!).
type ignorePattern struct {
	re        *regexp.Regexp
	exception bool
	text      string
	line      int
}

// parseDockerignore reads .dockerignore content the way Docker builds its context: a
// line is a pattern of the context's root, # starts a comment, ! an exception, * and ?
// match within one path element, ** any number of them; the last pattern that matches a
// path decides. Patterns it cannot read are left out.
func parseDockerignore(data []byte) []ignorePattern {
	var out []ignorePattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		p := ignorePattern{text: text, line: n}
		if rest, ok := strings.CutPrefix(text, "!"); ok {
			p.exception, text = true, strings.TrimSpace(rest)
		}
		text = strings.TrimPrefix(path.Clean("/"+text), "/")
		if re, err := regexp.Compile("^" + globRegexp(text) + "(/.*)?$"); err == nil {
			p.re = re
			out = append(out, p)
		}
	}
	return out
}

// globRegexp translates a Docker ignore pattern to a regular expression.
func globRegexp(pattern string) string {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case strings.HasPrefix(pattern[i:], "**/"):
			b.WriteString("(.*/)?")
			i += 2
		case strings.HasPrefix(pattern[i:], "**"):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			if end := strings.IndexByte(pattern[i:], ']'); end > 0 {
				b.WriteString(pattern[i : i+end+1])
				i += end
			} else {
				b.WriteString(`\[`)
			}
		case c == '\\' && i+1 < len(pattern):
			b.WriteString(regexp.QuoteMeta(pattern[i+1 : i+2]))
			i++
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return b.String()
}

// excludedBy returns the pattern that leaves the slash-separated path p (relative to
// the context's root) out of the build context, or nil when p is in it.
func excludedBy(patterns []ignorePattern, p string) *ignorePattern {
	var last *ignorePattern
	for i := range patterns {
		if patterns[i].re.MatchString(p) {
			last = &patterns[i]
		}
	}
	if last == nil || last.exception {
		return nil
	}
	return last
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
				out = append(out, fmt.Sprintf("%s:%d %s", f.path, m.fset.Position(call.Pos()).Line, f.src(m.fset, call)))
			}
			return true
		})
	}
	return out
}
