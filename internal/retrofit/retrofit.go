// Package retrofit plans `gonew-prod add`: it brings the production pieces that `new`
// generates (Makefile targets, build metadata, graceful shutdown and health endpoints,
// memory limit, image, CI, OpenTelemetry, mTLS, pprof, Kubernetes manifests) into an
// existing repository, and never rewrites a line the user wrote.
//
// Everything it writes is either a new file owned by the tool, or an insertion into a
// user's file inside a guarded block (a Makefile include, a GitLab include, a middleware
// line after the router is built), plus, only with Wire, the one replacement of the call
// that blocks serving HTTP, whose original stays as a comment. go.mod is edited through
// golang.org/x/mod/modfile and only gains or raises requirements. A preservation check
// runs before anything is written: every line of every touched file is still there, in
// order (the wired call aside), and go.mod keeps every requirement, replace, exclude and
// retract.
package retrofit

import (
	"fmt"
	"slices"
	"strings"
)

// Component is one piece `gonew-prod add` can bring into a repository.
type Component struct {
	Name string
	// Go reports that it adds Go code to the module, which needs MinGo.
	Go bool
	// Needs lists the components it cannot work without (added with it).
	Needs []string
}

// components are the components in the order they are planned and reported; the names
// are audit's.
var components = []Component{
	{Name: "makefile"},
	{Name: "version", Go: true},
	{Name: "shutdown", Go: true},
	{Name: "procs", Go: true, Needs: []string{"shutdown"}},
	{Name: "docker"},
	{Name: "ci"},
	{Name: "otel", Go: true, Needs: []string{"shutdown"}},
	{Name: "mtls", Go: true, Needs: []string{"shutdown"}},
	{Name: "pprof", Go: true, Needs: []string{"shutdown"}},
	{Name: "k8s", Needs: []string{"shutdown"}},
}

// ComponentNames returns every component's name, in order.
func ComponentNames() []string {
	out := make([]string, len(components))
	for i, c := range components {
		out[i] = c.Name
	}
	return out
}

// MinGo is the Go language version the platform packages are written for: a module
// declaring an older one gets them only with its go line raised (AllowGoBump).
const MinGo = "1.26"

// CheckComponents refuses a name that is no component (nor all), as Prepare would: the
// command checks the names it is given before anything that needs the repository or a
// confirmation.
func CheckComponents(names []string) error {
	_, _, err := resolveComponents(names)
	return err
}

// resolveComponents expands "all", checks names and adds what the named ones need. It
// returns the components in order and those added as needs.
func resolveComponents(names []string) (list, added []string, err error) {
	want := map[string]bool{}
	for _, n := range names {
		if n == "all" {
			for _, c := range components {
				want[c.Name] = true
			}
			continue
		}
		if !slices.Contains(ComponentNames(), n) {
			return nil, nil, refuse("unknown component %q: components are %s, or all", n, strings.Join(ComponentNames(), ", "))
		}
		want[n] = true
	}
	for _, c := range components {
		if !want[c.Name] {
			continue
		}
		for _, need := range c.Needs {
			if !want[need] {
				want[need] = true
				added = append(added, need)
			}
		}
	}
	for _, c := range components {
		if want[c.Name] {
			list = append(list, c.Name)
		}
	}
	return list, added, nil
}

// addsGo reports whether any of the components adds Go code.
func addsGo(list []string) bool {
	return slices.ContainsFunc(components, func(c Component) bool { return c.Go && slices.Contains(list, c.Name) })
}

// withoutGo names, in parentheses, the components that add no Go code, for the advice
// to leave out those that do: the ones that add none with what they need, then the ones
// that add none of their own but need a component that does (k8s, shutdown).
func withoutGo() string {
	var none, brings []string
	for _, c := range components {
		switch {
		case c.Go:
		case addsGo(c.Needs):
			brings = append(brings, fmt.Sprintf("%s brings %s, which does", c.Name, strings.Join(c.Needs, " and ")))
		default:
			none = append(none, c.Name)
		}
	}
	s := strings.Join(none, ", ") + " add none"
	if n := len(none); n > 1 {
		s = strings.Join(none[:n-1], ", ") + " and " + none[n-1] + " add none"
	}
	if len(brings) > 0 {
		s += "; " + strings.Join(brings, "; ")
	}
	return "(" + s + ")"
}

// AddsGo reports whether the component name adds Go code to the module: code that
// takes effect once the program serves through it.
func AddsGo(name string) bool { return addsGo([]string{name}) }

// NeedsHandler reports whether the component name works only for a program that
// serves an http.Handler: it adds Go code around one, or needs a component that does
// (k8s probes the health endpoints of shutdown).
func NeedsHandler(name string) bool {
	i := slices.IndexFunc(components, func(c Component) bool { return c.Name == name })
	return i >= 0 && (components[i].Go || slices.ContainsFunc(components[i].Needs, AddsGo))
}

// goComponents returns the components of list that add Go code.
func goComponents(list []string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(name string) bool { return !AddsGo(name) })
}

// Refusal is a plan add will not make for a reason the user can resolve (a flag to pass,
// a path in the way, a change to commit): bad usage rather than a failure.
type Refusal struct {
	msg string
	// component is the one component the refusal is about, which the plan could leave
	// out instead ("leave out docker"), "" when it is about more or none.
	component string
}

func (r *Refusal) Error() string { return r.msg }

func refuse(format string, args ...any) error {
	return &Refusal{msg: fmt.Sprintf(format, args...)}
}

// refuseComponent refuses the one component c: a plan without it may be made.
func refuseComponent(c, format string, args ...any) error {
	return &Refusal{msg: fmt.Sprintf(format, args...), component: c}
}
