// Package answers holds the answers model of gonew-prod as the command line sees it: the
// registry of keys (flag, type, default, help, prompt, rule), how layers of values
// (built-in defaults, preset, answers file, flags, prompts) combine, and how answers files
// are read. The values themselves are the engine's generator.Answers.
package answers

import (
	"fmt"
	"go/version"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/mod/module"

	"github.com/gonew-prod/gonew-prod/generator"
)

// Answers is a complete, validated set of answers.
type Answers = generator.Answers

// Keys of the answers model, as spelled in answers files and presets.
const (
	KeyModule    = "module"
	KeyName      = "name"
	KeyFramework = "framework"
	KeyGo        = "go"
	KeyFeatures  = "features"
	KeyCI        = "ci"
	KeyHTTPPort  = "http_port"
	KeyAdminPort = "admin_port"
)

// Keys returns every key of the model in display order.
func Keys() []string {
	out := make([]string, len(registry))
	for i, k := range registry {
		out[i] = k.Name
	}
	return out
}

// Features returns every optional feature in canonical order.
func Features() []string { return optionValues(featureOptions()) }

// MinGoMinor is the oldest Go 1.N release a generated project may target: the OTel SDK and
// the cgroup-aware GOMAXPROCS default both need Go 1.26.
const MinGoMinor = 26

var nameRE = regexp.MustCompile(`^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`)

// Error is a validation error: which value was wrong, where it came from, and the rule.
type Error struct {
	Key    string // answers key, e.g. "module"
	Where  string // "--module", "answers.yaml:3:9", "preset default"
	Value  string // the offending value as given
	Reason string // the rule that was broken
	// Locked, for a value that contradicts a preset's lock on another key (ci none under
	// locked features holding ci, features without ci under a locked ci provider), is that
	// key; "" otherwise.
	Locked string
	// Advice, for a value a preset's lock refuses, is the way on as new gives it, written
	// after Reason with its separator ("; remove this value or use another preset");
	// update, whose values are the record's, gives its own. "" for none.
	Advice string
}

func (e *Error) Error() string {
	reason := e.Reason + e.Advice
	if e.Value == "" {
		return fmt.Sprintf("%s: %s: %s", e.Where, e.Key, reason)
	}
	return fmt.Sprintf("%s: invalid %s %s: %s", e.Where, e.Key, quoteShort(e.Value), reason)
}

// maxQuoted is how much of a value an error message quotes.
const maxQuoted = 80

// quoteShort quotes v for a message, its first maxQuoted bytes when it is longer, with
// its length: a value far too long must not flood the terminal.
func quoteShort(v string) string {
	if len(v) <= maxQuoted {
		return strconv.Quote(v)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d bytes)", strconv.Quote(v[:cut]), len(v))
}

// CheckModule validates a module path with the Go toolchain's own rules, and refuses a
// vendor element, through which the go command would not import the project's packages.
func CheckModule(v string) error {
	if v == "" {
		return fmt.Errorf("a module path is required, e.g. example.com/acme/orders")
	}
	if err := module.CheckPath(v); err != nil {
		return fmt.Errorf("not a valid Go module path: %w", err)
	}
	if slices.Contains(strings.Split(v, "/"), "vendor") {
		return fmt.Errorf("has the element vendor: the go command reads an import path through a vendor element as a vendored package and refuses the project's own imports; choose another path")
	}
	return nil
}

// CheckName validates a service name: a DNS label (as Kubernetes object and image names
// need), starting with a letter, and not a directory name the go command treats specially.
func CheckName(v string) error {
	if !nameRE.MatchString(v) {
		return fmt.Errorf("must be a lower-case letter, then lower-case letters, digits or '-', not ending in '-', at most 63 characters")
	}
	// The main package goes into cmd/NAME: the go command treats two such directory
	// names specially.
	switch v {
	case "testdata":
		return fmt.Errorf("the main package goes into cmd/testdata, and ./... leaves out directories named testdata, so CI's vet, test and lint would never see it; choose another name")
	case "vendor":
		return fmt.Errorf("the main package goes into cmd/vendor, and the go command reads import paths through a vendor element as vendored packages; choose another name")
	}
	return nil
}

// CheckFeature validates one feature name.
func CheckFeature(v string) error {
	return mustLookup(KeyFeatures).checkItem(v)
}

func mustLookup(name string) *Key {
	k, ok := Lookup(name)
	if !ok {
		panic("answers: no key " + name)
	}
	return k
}

func oneOf(v string, allowed []string) error {
	if !slices.Contains(allowed, v) {
		return fmt.Errorf("must be one of %s", strings.Join(allowed, ", "))
	}
	return nil
}

// checkGoLine validates the Go language version of the generated go.mod as a layer gives
// it: 1.N or 1.N.P, no older than 1.MinGoMinor. Its bound by the running toolchain is the
// resolved value's (checkResolvedGo): a preset's default that a flag replaces is not held
// to it.
func checkGoLine(v string) error {
	minor, ok := goMinor(v)
	if !ok {
		return fmt.Errorf("must be a Go language version like 1.%d (or a release like 1.%d.0)", MinGoMinor, MinGoMinor)
	}
	if minor < MinGoMinor {
		return fmt.Errorf("must be 1.%d or newer (the generated service needs Go 1.%d)", MinGoMinor, MinGoMinor)
	}
	return nil
}

// checkGo validates the Go language version of the generated go.mod: as checkGoLine, and
// no newer than the running toolchain, toolchain (which must be able to build and tidy the
// project).
func checkGo(v, toolchain string) error {
	if err := checkGoLine(v); err != nil {
		return err
	}
	if use, newer := newerGo(v, toolchain); newer {
		return fmt.Errorf("is newer than the running toolchain (%s), which could not build the project; use %s", toolchain, use)
	}
	return nil
}

// newerGo reports whether v is newer than toolchain, and which version to use instead.
func newerGo(v, toolchain string) (use string, newer bool) {
	if !version.IsValid(toolchain) || version.Compare("go"+v, toolchain) <= 0 {
		return "", false
	}
	use = version.Lang(toolchain)[2:]
	if m, ok := goMinor(use); !ok || m > MinGoMinor {
		use += " or older"
	}
	return use, true
}

// checkResolvedGo holds v, the go version Resolve chose, given at where by src, to checkGo
// with toolchain. A preset's value too new is not one the user gave, so "use 1.N" would not
// say how: for a default of the pack the error names --go, which replaces it, and for a
// value the preset owner locks, which nothing replaces, a gonew-prod built with a newer Go.
func checkResolvedGo(v, where string, src Source, owner *Layer, toolchain string) error {
	err := checkGo(v, toolchain)
	if err == nil {
		return nil
	}
	reason, advice := err.Error(), ""
	if use, newer := newerGo(v, toolchain); newer && owner != nil {
		reason = fmt.Sprintf("is newer than the running toolchain (%s), which could not build the project, and preset %s locks it", toolchain, presetName(owner, KeyGo))
		advice = fmt.Sprintf(": run a gonew-prod built with Go %s or newer, or use another preset", v)
	} else if newer && src == FromPreset {
		reason = fmt.Sprintf("is newer than the running toolchain (%s), which could not build the project: pass --go %s, or run a gonew-prod built with Go %s or newer", toolchain, use, v)
	}
	return &Error{Key: KeyGo, Where: where, Value: v, Reason: reason, Advice: advice}
}

// goMinor returns N of a version 1.N or 1.N.P.
func goMinor(v string) (int, bool) {
	major, rest, ok := strings.Cut(v, ".")
	if !ok || major != "1" {
		return 0, false
	}
	minor, patch, hasPatch := strings.Cut(rest, ".")
	if !decimal(minor) || (hasPatch && !decimal(patch)) {
		return 0, false
	}
	n, err := strconv.Atoi(minor)
	if err != nil || n > 999 {
		return 0, false
	}
	return n, true
}

// decimal reports whether s is a decimal number without sign or leading zero.
func decimal(s string) bool {
	return s != "" && strings.TrimLeft(s, "0123456789") == "" && (len(s) == 1 || s[0] != '0') && len(s) <= 9
}

// ParseInt reads a decimal integer, as flags and answers files give ports: leading zeros
// do not make it octal (010 is ten) and no other base is accepted.
func ParseInt(s string) (int, error) {
	digits := strings.TrimPrefix(s, "+")
	if digits == "" || strings.TrimLeft(digits, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a decimal integer", s)
	}
	n, err := strconv.ParseInt(digits, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	return int(n), nil
}

// CheckPort validates a TCP port number.
func CheckPort(p int) error {
	if p < 1 || p > 65535 {
		return fmt.Errorf("must be a port number from 1 to 65535")
	}
	return nil
}

// MinListenPort is the lowest default port new takes for a listener: below it Linux asks
// for root or CAP_NET_BIND_SERVICE, and the generated service runs as a non-root user with
// every capability dropped (the Dockerfile's USER, k8s/deployment.yaml's securityContext).
const MinListenPort = 1024

// CheckNewPorts refuses, for a project about to be made with answers a, a default listen
// port below MinListenPort, naming where in layers (lowest precedence first, those a was
// resolved from) the value was given. An admin port given while pprof is off is held to
// the same rules, and must differ from the HTTP port: it is recorded, and a later add
// pprof uses it. It is a rule of new and presets validate, not of the keys: the record of
// a project made with port 80 stays valid, so update still updates it.
func CheckNewPorts(a Answers, layers ...Layer) error {
	return checkPorts(a, nil, layers)
}

// CheckChangedPorts is CheckNewPorts for an update from the answers made to a: a port the
// project was made with stays as it is, so only a port that differs from made's is held to
// the rules, and the two must differ when either changed. layers are those a was resolved
// from, the project's recorded answers among them: an admin port the record holds is held
// to the rule with pprof off too, as a given one (new moves only one nobody gave).
func CheckChangedPorts(a, made Answers, layers ...Layer) error {
	return checkPorts(a, &made, layers)
}

// checkPorts holds the ports of a to new's rules; with made, only those that changed.
func checkPorts(a Answers, made *Answers, layers []Layer) error {
	changed := func(name string) bool {
		k := mustLookup(name)
		return made == nil || k.Get(a) != k.Get(*made)
	}
	fixes := map[string]string{
		KeyHTTPPort:  "listen on a port from 1024 up, such as 8080, and map port 80 or 443 to it in front (k8s/service.yaml does), or set HTTP_ADDR where the process may bind it",
		KeyAdminPort: "use a port from 1024 up, such as 6060 (the admin listener is on 127.0.0.1 only)",
	}
	whereOf := func(name string) (string, bool) {
		for i := len(layers) - 1; i >= 0; i-- {
			if v, ok := layers[i].Values[name]; ok {
				return v.Where, true
			}
		}
		return "built-in default", false
	}
	for _, name := range []string{KeyHTTPPort, KeyAdminPort} {
		k := mustLookup(name)
		where, given := whereOf(name)
		if !k.Applies(a) && !given {
			continue
		}
		port, _ := k.Get(a).(int)
		later := ""
		if !k.Applies(a) {
			later = fmt.Sprintf(" (%s is off, but the port is recorded for a later add %[1]s)", k.Feature)
		}
		if port < MinListenPort && changed(name) {
			return &Error{Key: name, Where: where, Value: fmt.Sprint(port),
				Reason: fmt.Sprintf("ports below %d need root or CAP_NET_BIND_SERVICE, and the service runs as a non-root user with every capability dropped (Dockerfile, k8s/deployment.yaml), so it could not listen on %d%s; %s", MinListenPort, port, later, fixes[name])}
		}
		if name == KeyAdminPort && later != "" && port == a.HTTPPort && (changed(KeyAdminPort) || changed(KeyHTTPPort)) {
			reason := fmt.Sprintf("%s and %s must differ%s", KeyHTTPPort, KeyAdminPort, later)
			if made != nil && changed(KeyAdminPort) != changed(KeyHTTPPort) {
				// An update moves one port onto the other, which the project keeps.
				moved, kept := KeyHTTPPort, KeyAdminPort
				if changed(KeyAdminPort) {
					moved, kept = kept, moved
				}
				movedAt, _ := whereOf(moved)
				keptAt, _ := whereOf(kept)
				reason += fmt.Sprintf("; the update gives %s %d (%s), the project's %s (%s): change %s there to another port, such as %d, commit, and run the update again, or use another preset",
					moved, port, movedAt, kept, keptAt, kept, otherPort(port))
			}
			return &Error{Key: name, Where: where, Value: fmt.Sprint(port), Reason: reason}
		}
	}
	return nil
}

// DefaultGo returns the running toolchain's language version (1.N) when it is supported,
// and 1.26 otherwise.
func DefaultGo() string { return defaultGo(runtime.Version()) }

func defaultGo(toolchain string) string {
	if version.IsValid(toolchain) {
		lang := strings.TrimPrefix(version.Lang(toolchain), "go")
		if n, ok := goMinor(lang); ok && n >= MinGoMinor {
			return lang
		}
	}
	return fmt.Sprintf("1.%d", MinGoMinor)
}

// NameFromModule derives a service name from a module path: its last element without a
// /vN suffix, lower-cased, with '_' and '.' turned into '-'.
func NameFromModule(mod string) string {
	prefix, _, ok := module.SplitPathVersion(mod)
	if !ok {
		prefix = mod
	}
	last := prefix[strings.LastIndex(prefix, "/")+1:]
	last = strings.ToLower(last)
	last = strings.NewReplacer("_", "-", ".", "-").Replace(last)
	return last
}
