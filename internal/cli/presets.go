package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

func newPresetsCmd(env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "presets",
		Short: "List, show and validate preset packs",
		Long: `A preset pack is a directory with a preset.yaml (name, description, extends, answers,
locked, module_prefix, goprivate, overlay, remove) and an overlay directory of templates.
Packs come from the built-ins, a directory, or a Go module (MODULE@VERSION[/subdir]).`,
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:   "list",
			Short: "List the built-in presets",
			Args:  cobra.NoArgs,
			RunE: func(*cobra.Command, []string) error {
				names, err := preset.BuiltinNames()
				if err != nil {
					return err
				}
				for _, n := range names {
					p, err := preset.Builtin(n)
					if err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "%-10s %s\n", printable(p.Name), paragraph(p.Description, ""))
				}
				return nil
			},
		},
		&cobra.Command{
			Use:   "show NAME|PATH|MODULE@VERSION",
			Short: "Show a preset's resolved answers, locked keys and overlay files",
			Args:  cobra.ExactArgs(1),
			RunE: func(c *cobra.Command, args []string) error {
				p, err := loadPackToCheck(c.Context(), env, args[0])
				if err != nil {
					return err
				}
				// What presets validate refuses of the pack's own answers and their render
				// is refused here alike, rather than shown as if the pack were good.
				if _, _, _, err := checkPackAnswers(c.Context(), env, p, generator.DefaultTimeout); err != nil {
					return invalidPack(err)
				}
				return showPack(env, p)
			},
		},
		newValidateCmd(env),
	)
	return cmd
}

// newValidateCmd is presets validate: its verdict is validatePack's.
func newValidateCmd(env Env) *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "validate PATH",
		Short: "Check a pack: its schema, then render every template with the pack's answers",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return validatePack(c.Context(), env, args[0], timeout)
		},
	}
	// The same limit as new's and update's: a pack whose templates need longer is
	// validated with the value it is used with.
	durationFlag(cmd.Flags(), &timeout, "render-timeout", generator.DefaultTimeout, "time limit of running the templates of each render, a positive duration (a preset's templates may loop)")
	return cmd
}

// showPack prints what the pack resolves to after extends and, for a pack of a chain,
// which pack's file set each value, lock, removal and overlay template, so that a
// service team knows which pack to ask about one.
func showPack(env Env, p preset.Pack) error {
	out := env.Stdout
	fmt.Fprintf(out, "name:          %s\n", printable(p.Name))
	fmt.Fprintf(out, "description:   %s\n", paragraph(p.Description, "               "))
	source := p.Source
	if p.Version != "" && !strings.Contains(source, p.Version) {
		source += " (" + p.Version + ")"
	}
	fmt.Fprintf(out, "source:        %s\n", printable(source))
	if n := len(p.Chain); n > 1 {
		fmt.Fprintf(out, "extends:       %s\n", printable(p.Chain[n-2]))
		fmt.Fprintf(out, "chain:         %s (base first)\n", printable(strings.Join(p.Chain, " -> ")))
	} else {
		fmt.Fprintln(out, "extends:       (none)")
	}
	set := func(at, lockAt string, more ...string) string {
		var parts []string
		if at != "" {
			parts = append(parts, "set in "+at)
		}
		if lockAt != "" {
			parts = append(parts, "locked in "+lockAt)
		}
		parts = append(parts, more...)
		if len(parts) == 0 {
			return ""
		}
		return printable("  (" + strings.Join(parts, "; ") + ")")
	}
	if p.ModulePrefix != "" {
		lock := ""
		if p.ModulePrefixLocked {
			lock = " (locked)"
		}
		fmt.Fprintf(out, "module_prefix: %s%s%s\n", p.ModulePrefix, lock, set(p.ModulePrefixAt(), p.LockedAt(preset.LockModulePrefix)))
	}
	if p.GoPrivate != "" {
		fmt.Fprintf(out, "goprivate:     %s%s\n", p.GoPrivate, set(p.GoPrivateAt(), ""))
	}
	fmt.Fprintln(out, "answers:")
	for _, k := range answers.Registry() {
		v, ok := p.Answers.Values[k.Name]
		if !ok {
			continue
		}
		lock, lockAt := "", ""
		if slices.Contains(p.Answers.Locked, k.Name) {
			lock, lockAt = "  (locked)", p.LockedAt(k.Name)
		}
		shown, notes := v.Raw, []string(nil)
		if k.Name == answers.KeyFeatures && lock == "" {
			// As new resolves them: ci none over a parent's set leaves the ci feature out
			// (a locked set keeps it, and new refuses ci none: show refuses the pack, as
			// presets validate does).
			ci, ok := p.Answers.Values[answers.KeyCI]
			if !ok {
				ci = answers.Defaults().Values[answers.KeyCI]
			}
			features, _ := v.Raw.([]string)
			if kept := answers.ProvidedFeatures(features, fmt.Sprint(ci.Raw)); len(kept) < len(features) {
				shown, notes = kept, []string{"ci left out: ci is none, " + ci.Where}
			}
		}
		raw := k.Format(shown)
		if k.Kind == answers.Set {
			raw = "[" + raw + "]"
		}
		fmt.Fprintf(out, "  %-11s %s%s%s\n", k.Name+":", printable(raw), lock, set(v.Where, lockAt, notes...))
	}
	if len(p.Remove) > 0 {
		written, err := p.RemovedFor()
		if err != nil {
			return err
		}
		fmt.Fprintln(out, "remove:")
		for _, r := range p.Remove {
			line := r
			if names := written[r]; len(names) > 0 {
				line += " (the built-in one; the overlay's " + strings.Join(names, ", ") + " is written)"
			}
			fmt.Fprintf(out, "  %s%s\n", printable(line), set(p.RemovedAt(r), ""))
		}
	}
	fmt.Fprintln(out, "overlay:")
	for _, f := range p.OverlayFiles() {
		mark := ""
		if slices.Contains(p.Executable, f) {
			mark = " (executable)"
		}
		from := ""
		if at := p.TemplateAt(f); at != f {
			from = "  (" + at + ")"
		}
		fmt.Fprintf(out, "  %s\n", printable(f+mark+from))
	}
	return nil
}

// paragraph returns text (a pack's description, which may span lines: a YAML block
// scalar) printable, its trailing line breaks dropped and every further line indented
// by prefix; pass an empty prefix to fold the lines into one.
func paragraph(text, prefix string) string {
	lines := strings.Split(strings.TrimRight(text, "\r\n"), "\n")
	for i, l := range lines {
		lines[i] = printable(strings.TrimSuffix(l, "\r"))
	}
	if prefix != "" {
		return strings.Join(lines, "\n"+prefix)
	}
	var words []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			words = append(words, l)
		}
	}
	return strings.Join(words, " ")
}

// validatePack loads the pack at ref and renders the whole project with its answers and
// overlay, through the same path as new and with the same time limit (timeout), and type-checks the result as new does
// (checkBuild). Its verdict is the command's result, so an invalid pack exits 1
// (not 2, which would mean the command itself was misused).
func validatePack(ctx context.Context, env Env, ref string, timeout time.Duration) error {
	p, err := loadPackToCheck(ctx, env, ref)
	if err != nil {
		return err
	}
	a, flags, files, err := checkPackAnswers(ctx, env, p, timeout)
	if err != nil {
		return invalidPack(err)
	}
	tidy, err := needsTidy(ctx, p, a, files)
	if err != nil {
		return invalidPack(err)
	}
	if err := checkBuild(ctx, env, p, files, tidy != tidyNone, "cmd/"+a.Name); err != nil {
		if stopped(ctx, err) {
			return errInterrupted
		}
		return invalidPack(err)
	}
	var refused []string // the open choices new refuses (see ruledOutChoice)
	// A pack's templates must render for the choices it leaves open too, or new refuses
	// them: with every unlocked feature off, every one on, each other framework, each
	// other CI provider, and a name holding a "-" (checkName). So must its Go files build,
	// its own .gitignore files keep every file a choice adds, its own Docker ignore file
	// let the built-in Dockerfile's build in, when a choice adds the Dockerfile, its own
	// makefile have the targets a choice's CI runs, and its own golangci-lint
	// configuration be one the v2 that a choice's Makefile or CI runs accepts
	// (checkPackRender). A render is cheap; a type check is not, and is left out for a
	// choice that gives the go command the project it already checked (sameBuild: a CI
	// provider changes no Go file).
	var checked []string
	build := len(p.Remove) > 0 || slices.ContainsFunc(p.OverlayFiles(), readByGo)
	if len(p.Overlay) > 0 || len(p.Remove) > 0 {
		for _, v := range openChoices(p, a, flags) {
			va, _, err := p.Resolve(v.layer)
			if err != nil {
				// openChoices builds only choices new takes: one it refuses is said, not
				// skipped, as its other checks are skipped with it.
				refused = append(refused, fmt.Sprintf("new %s (%v)", v.flags, err))
				continue
			}
			vfiles, err := render(ctx, p, va, timeout)
			if note, ruled := ruledOutChoice(v, err); ruled {
				refused = append(refused, note)
				continue
			}
			if err == nil {
				err = checkPackRender(ctx, env, p, va, vfiles, "new")
			}
			if err == nil && build {
				var vtidy tidyNeed
				if vtidy, err = needsTidy(ctx, p, va, vfiles); err == nil && ((vtidy != tidyNone) != (tidy != tidyNone) || va.Name != a.Name || !sameBuild(files, vfiles)) {
					err = checkBuild(ctx, env, p, vfiles, vtidy != tidyNone, "cmd/"+va.Name)
				}
			}
			if err != nil {
				if stopped(ctx, err) {
					return errInterrupted
				}
				return invalidPack(fmt.Errorf("with %s, a choice the pack leaves open (new %s): %w", v.what, v.flags, err))
			}
			if build {
				checked = append(checked, v.what)
			}
		}
	}
	also := ""
	if len(checked) > 0 {
		also = "; its Go files also type-check with " + strings.Join(checked, ", ")
	}
	fmt.Fprintf(env.Stdout, "preset %s is valid: %d overlay template(s), %d files rendered with its answers%s\n", printable(p.Name), len(p.Overlay), len(files), also)
	for _, r := range refused {
		fmt.Fprintf(env.Stderr, "note: a choice the pack leaves open is refused: %s\n", printable(r))
	}
	return nil
}

// loadPackToCheck loads the pack at ref for presets validate and show, which judge it: a
// pack that does not load is refused as invalid (invalidPack, exit 1) by both alike, a
// pack that could not be fetched is the failure it is.
func loadPackToCheck(ctx context.Context, env Env, ref string) (preset.Pack, error) {
	p, err := loadPreset(ctx, env, ref)
	if err == nil {
		return p, nil
	}
	if errors.As(err, new(*preset.FetchError)) {
		return p, err
	}
	return p, invalidPack(err)
}

// invalidPack is the error of presets validate (and show) for a pack it refuses: exit 1,
// not 2, which would mean the command itself was misused. A check stopped by Ctrl-C
// (errInterrupted, context.Canceled) is no verdict: it is errInterrupted alone.
func invalidPack(err error) error {
	if errors.Is(err, errInterrupted) || errors.Is(err, context.Canceled) {
		return errInterrupted // Ctrl-C stopped the check: no verdict on the pack
	}
	if errors.As(err, new(*update.CompilerError)) {
		return statusError{ExitFailure, err} // the machine's failure, not the pack's
	}
	return statusError{ExitFailure, fmt.Errorf("invalid pack: %w", err)}
}

// checkPackAnswers resolves the pack's own answers as presets validate checks them (a
// module under its module_prefix when it gives none, the default go when its own is newer
// than the toolchain, with a note), checks their ports as new does, renders the project
// with them within timeout and makes new's checks of the pack's files in the render. It
// returns the answers, the layer they were resolved with and the files rendered.
func checkPackAnswers(ctx context.Context, env Env, p preset.Pack, timeout time.Duration) (answers.Answers, answers.Layer, []generator.File, error) {
	flags := answers.Layer{Source: answers.FromFlag, Name: "validate"}
	if _, given := p.Answers.Values[answers.KeyModule]; !given {
		module := "example.com/preset-check/service"
		if p.ModulePrefix != "" {
			module = strings.TrimSuffix(p.ModulePrefix, "/") + "/service"
		}
		flags.Set(answers.KeyModule, module, "presets validate")
	}
	a, _, err := p.Resolve(flags)
	if ae := (*answers.Error)(nil); errors.As(err, &ae) && ae.Key == answers.KeyGo && !slices.Contains(p.Answers.Locked, answers.KeyGo) {
		// The pack's default go is newer than the toolchain (the one go error left after
		// loading): new takes the pack with --go, and so is it checked.
		fmt.Fprintf(env.Stderr, "note: new takes the pack here only with --go (%s); checked with --go %s\n", printable(ae.Error()), answers.DefaultGo())
		flags.Set(answers.KeyGo, answers.DefaultGo(), "presets validate")
		a, _, err = p.Resolve(flags)
	}
	if err == nil {
		err = answers.CheckNewPorts(a, p.Answers)
	}
	if err != nil {
		return a, flags, nil, err
	}
	files, err := render(ctx, p, a, timeout)
	if err == nil {
		err = checkPackRender(ctx, env, p, a, files, "new")
	}
	if err == nil {
		err = idleNotes(env, p, a)
	}
	return a, flags, files, err
}

// choice is one set of answers a pack leaves open, for presets validate.
type choice struct {
	what, flags string
	layer       answers.Layer
}

// ruledOutChoice reports whether err, the render of choice v, is the pack leaving out
// a file the choice calls (a generator.RemoveError): new refuses the choice, naming it
// (ruledOut), while the pack's own answers do without the file. It returns the note
// presets validate prints for it.
func ruledOutChoice(v choice, err error) (string, bool) {
	var re *generator.RemoveError
	if !errors.As(err, &re) || re.Uses == "" {
		return "", false
	}
	why := re.Uses
	key, _, _ := strings.Cut(v.what, " ") // features or framework
	return fmt.Sprintf("new %s (it leaves out %s, and %s); lock %s (locked: [%s]) to rule the choice out in the pack itself", v.flags, re.Path, why, key, key), true
}

// removedSelectors returns the features that select a built-in file the pack removes.
func removedSelectors(p preset.Pack) []string { return selectors(p.Remove) }

// selectors returns the features that select a built-in file of paths (as the manifest
// spells them).
func selectors(paths []string) []string {
	m, err := builtin.Manifest()
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range m.Files {
		if slices.Contains(paths, e.Path) {
			out = append(out, e.When.Features...)
		}
	}
	return out
}

// checkName is the service name presets validate also renders a pack with: new allows a
// "-" in a name (order-api), which a template writing the name where Go needs an
// identifier (package {{.Name}}) cannot take.
const checkName = "preset-check"

// openChoices returns the choices a pack leaves open beyond its answers a (base is the
// layer validate resolved them with): every feature a lacks on and every one it has off,
// when features are not locked (but for the ci feature when ci is locked, which holds
// it: new refuses it off under a locked provider, on under a locked none), each
// framework but a's, when that is not locked, each CI provider but a's, when ci is not
// locked, and the name checkName, when the name is not locked and a's has no "-":
// through the module, as new names a service after its module, when validate chose the
// module (base sets it), else with --name.
func openChoices(p preset.Pack, a answers.Answers, base answers.Layer) []choice {
	var out []choice
	with := func(what, flags string, edit func(l *answers.Layer)) {
		l := base
		l.Values = maps.Clone(base.Values)
		edit(&l)
		out = append(out, choice{what, flags, l})
	}
	if !slices.Contains(p.Answers.Locked, answers.KeyFeatures) {
		var on, off []string
		for _, f := range answers.Features() {
			if f == "ci" && slices.Contains(p.Answers.Locked, answers.KeyCI) {
				continue // a locked ci holds the ci feature: on for a provider, off for none
			}
			if a.Has(f) {
				off = append(off, f)
			} else {
				on = append(on, f)
			}
		}
		if len(off) > 0 {
			with("features "+strings.Join(off, ", ")+" off", "--without "+strings.Join(off, ","), func(l *answers.Layer) { l.Without = off })
		}
		// A feature selecting a file the pack removes is a choice of its own, which new
		// refuses when a built-in file calls the removed one (ruledOutChoice): the other
		// features are checked without it.
		removing := removedSelectors(p)
		rest := slices.DeleteFunc(slices.Clone(on), func(f string) bool { return slices.Contains(removing, f) })
		alone := slices.DeleteFunc(slices.Clone(on), func(f string) bool { return !slices.Contains(removing, f) })
		for _, set := range [][]string{rest, alone} {
			if len(set) > 0 {
				with("features "+strings.Join(set, ", ")+" on", "--with "+strings.Join(set, ","), func(l *answers.Layer) { l.With = set })
			}
		}
	}
	if k, ok := answers.Lookup(answers.KeyFramework); ok && !slices.Contains(p.Answers.Locked, answers.KeyFramework) {
		for _, o := range k.Options() {
			if o.Value != a.Framework {
				with("framework "+o.Value, "--framework "+o.Value, func(l *answers.Layer) { l.Set(answers.KeyFramework, o.Value, "presets validate") })
			}
		}
	}
	// A provider other than a's, when ci is not locked: with the ci feature, which new
	// needs asked for when a lacks it (ci none drops it from the pack's features).
	if k, ok := answers.Lookup(answers.KeyCI); ok && !slices.Contains(p.Answers.Locked, answers.KeyCI) {
		for _, o := range k.Options() {
			if o.Value == a.CI {
				continue
			}
			flags, feature := "--ci "+o.Value, o.Value != "none" && !a.Has("ci") && !slices.Contains(p.Answers.Locked, answers.KeyFeatures)
			if feature {
				flags += " --with ci"
			}
			with("ci "+o.Value, flags, func(l *answers.Layer) {
				l.Set(answers.KeyCI, o.Value, "presets validate")
				if feature {
					l.With = []string{"ci"}
				}
			})
		}
	}
	if !slices.Contains(p.Answers.Locked, answers.KeyName) && !strings.Contains(a.Name, "-") {
		if m, ok := base.Values[answers.KeyModule].Raw.(string); ok {
			module := path.Dir(m) + "/" + checkName
			with("name "+checkName, "--module "+module, func(l *answers.Layer) { l.Set(answers.KeyModule, module, "presets validate") })
		} else {
			with("name "+checkName, "--name "+checkName, func(l *answers.Layer) { l.Set(answers.KeyName, checkName, "presets validate") })
		}
	}
	return out
}

// overlayHasGo reports whether the pack's overlay holds Go templates.
func overlayHasGo(p preset.Pack) bool {
	return slices.ContainsFunc(p.OverlayFiles(), func(n string) bool { return strings.HasSuffix(n, ".go.tmpl") })
}

// errNoBuild reports that a pack's rendered project does not build.
var errNoBuild = errors.New("the rendered project does not type-check")

// errNoTidy is typeCheck's error when go mod tidy cannot resolve what the rendered
// project imports: it says nothing of whether the Go files build.
var errNoTidy = errors.New("cannot type-check the rendered project")

// checkBuild type-checks the project pack renders (files) when the pack changes what the
// go command reads: a removal, or an overlay file it reads (readByGo). It is the one
// check of presets validate and new, run before new writes anything. The project is
// checked as new leaves it: tidied when new tidies it (tidy), else as rendered; and, for
// an overlay the go command reads, as the project builds its binary from its main
// package in mainDir (staticBuilds). A removal alone needs no such build: the built-in
// files build in every configuration the golden cases build, and the removal leaves no
// file of the pack's for cgo or a build tag to leave out. A failure to build wraps
// errNoBuild, and what the go command printed goes to stderr.
func checkBuild(ctx context.Context, env Env, pack preset.Pack, files []generator.File, tidy bool, mainDir string) error {
	overlay := slices.ContainsFunc(pack.OverlayFiles(), readByGo)
	if len(pack.Remove) == 0 && !overlay {
		return nil
	}
	if !overlay {
		mainDir = ""
	}
	err := typeCheck(ctx, env, files, tidy, mainDir)
	var ce *poststep.CommandError
	if errors.Is(err, errNoBuild) && errors.As(err, &ce) && ce.Output != "" {
		fmt.Fprintf(env.Stderr, "%s:\n%s\n", ce.Command, indent(ce.Output))
		if file, tmpl := renderedFrom(pack, ce.Line(), path.Base(mainDir)); tmpl != "" {
			err = fmt.Errorf("%w (%s is rendered from %s)", err, file, tmpl)
		}
	}
	return err
}

// renderedFrom returns the file that line, an error line of the go command
// ("vet: internal/extra/extra.go:3:23: cannot use ..."), names, and the overlay template
// of the pack that rendered it, as messages show it (p/overlay/internal/extra/extra.go.tmpl):
// the template of the file's path, or the built-in template's name the overlay replaces
// (cmd/main/main.go.tmpl for cmd/NAME/main.go, name being the service's name). The
// template is "" when the file is not the overlay's.
func renderedFrom(pack preset.Pack, line, name string) (file, tmpl string) {
	file, _, ok := strings.Cut(strings.TrimPrefix(line, "vet: "), ":")
	if !ok || file == "" {
		return "", ""
	}
	file = path.Clean(filepath.ToSlash(file))
	if _, ok := pack.Overlay[file+".tmpl"]; ok {
		return file, pack.TemplateAt(file + ".tmpl")
	}
	m, err := builtin.Manifest()
	if err != nil {
		return file, ""
	}
	for _, e := range m.Files {
		if strings.ReplaceAll(e.Path, "{{.Name}}", name) != file {
			continue
		}
		if _, ok := pack.Overlay[e.TemplateName()]; ok {
			return file, pack.TemplateAt(e.TemplateName())
		}
	}
	return file, ""
}

// sameBuild reports whether two renders of a pack give the go command the same project
// to type-check and build (typeCheck): the same files it reads (goReads), the same
// Makefile and Dockerfile (whose build tags staticBuilds takes) and, when a Go file
// embeds files (//go:embed), which may be any, the same files altogether.
func sameBuild(x, y []generator.File) bool {
	embeds := func(files []generator.File) bool {
		return slices.ContainsFunc(files, func(f generator.File) bool {
			return path.Ext(f.Path) == ".go" && bytes.Contains(f.Content, []byte("go:embed"))
		})
	}
	all := embeds(x) || embeds(y)
	read := func(files []generator.File) map[string]string {
		m := map[string]string{}
		for _, f := range files {
			if all || goReads(f.Path) || f.Path == "Makefile" || f.Path == "Dockerfile" {
				m[f.Path] = string(f.Content)
			}
		}
		return m
	}
	return maps.Equal(read(x), read(y))
}

// goBuildExts lists the extensions of the files the go command builds packages from.
var goBuildExts = []string{".go", ".s", ".S", ".sx", ".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".m", ".f", ".F", ".for", ".f90", ".swig", ".swigcxx", ".syso"}

// readByGo reports whether the go command may read what the overlay template name
// renders when it builds the project: a file it builds packages from, a module or
// workspace file, anything under a vendor directory, or a path made with {{...}}, which
// may render any of these.
func readByGo(name string) bool {
	out := strings.TrimSuffix(name, ".tmpl")
	return strings.Contains(out, "{{") || goReads(out)
}

// goReads reports whether the go command may read the project's file at out when it
// builds the project: a file it builds packages from, a module or workspace file, or
// anything under a vendor directory.
func goReads(out string) bool {
	if slices.Contains(strings.Split(out, "/"), "vendor") {
		return true
	}
	switch path.Base(out) {
	case "go.mod", "go.sum", "go.work", "go.work.sum":
		return true
	}
	return slices.Contains(goBuildExts, path.Ext(out))
}

// lastLine returns the last line of text that is not blank, trimmed.
func lastLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// typeCheck writes files into a temporary directory and runs go vet there (which
// type-checks every package, as CI's go vet and go test do, with the machine's cgo and no
// build tags), after go mod tidy when tidy is set; then it compiles the main package in
// mainDir ("" for none) and what it imports as the project's own builds of its binary
// do, with CGO_ENABLED=0 and each of their tag sets (staticBuilds), without the link. The go command runs as
// it would in the written project: with its go.work if it has one (and no other), and
// the default -mod (readonly, or vendor with a vendor directory), so a missing go.sum
// entry fails. A failure of tidy is reported with go's output and its last line, the
// reason (a module that cannot be found or fetched): then the pack could not be checked. A go command stopped by a signal or a cancelled ctx says nothing
// of the pack, so its failure is returned as it is, without errNoBuild.
func typeCheck(ctx context.Context, env Env, files []generator.File, tidy bool, mainDir string) error {
	dir, release, err := makeTemp(validatePrefix)
	if err != nil {
		return fmt.Errorf("type-check: %w", err)
	}
	defer release()
	project := filepath.Join(dir, "project")
	changes := make([]generator.Change, len(files))
	work := "off"
	for i, f := range files {
		changes[i] = generator.Change{Path: f.Path, Content: f.Content, Mode: f.Mode}
		if f.Path == "go.work" {
			work = filepath.Join(project, "go.work")
		}
	}
	if _, err := generator.Write(ctx, project, changes, generator.WriteOptions{}); err != nil {
		return fmt.Errorf("type-check: %w", err)
	}
	// -trimpath and nothing else of the user's GOFLAGS: the project lies in a new temporary
	// directory each time, and without -trimpath the go command keys the build of its
	// packages by that directory, so none would be found in the build cache by the next
	// check (new after presets validate, or another choice of the same pack).
	run := poststep.Runner{Env: append(slices.Clone(env.Environ), "GOWORK="+work, "GOFLAGS=-trimpath")}
	// go vet builds with the machine's cgo: where it is on while its C compiler is
	// missing, vet fails in runtime/cgo, which says nothing of the pack.
	if err := update.CheckCompiler(ctx, project, run.Env); err != nil {
		return fmt.Errorf("cannot type-check the rendered project: go vet ./... builds with cgo here (go env CGO_ENABLED is 1), and %w, or type-check without cgo: CGO_ENABLED=0", err)
	}
	if tidy {
		if err := run.Tidy(ctx, project); err != nil {
			var ce *poststep.CommandError
			if !errors.As(err, &ce) || ce.Output == "" || stopped(ctx, err) {
				return fmt.Errorf("%w: %w", errNoTidy, err)
			}
			// go's first line is its progress ("go: finding module for package X"); the
			// reason (no such module, lookup disabled, a 401 of the private host, a typo
			// in the pack's import) comes last.
			fmt.Fprintf(env.Stderr, "%s:\n%s\n", ce.Command, indent(ce.Output))
			return fmt.Errorf("%w: %s failed (%w; the output is above): %s", errNoTidy, ce.Command, ce.Err, escapeControls(lastLine(ce.Output), ""))
		}
	}
	if err := run.Vet(ctx, project); err != nil {
		if stopped(ctx, err) {
			return fmt.Errorf("type-check: %w", err)
		}
		return fmt.Errorf("%w: %w", errNoBuild, err)
	}
	if mainDir == "" || !slices.ContainsFunc(files, func(f generator.File) bool {
		return path.Dir(f.Path) == mainDir && strings.HasSuffix(f.Path, ".go") && !strings.HasSuffix(f.Path, "_test.go")
	}) {
		return nil // no main package to build: nothing the project's builds would build
	}
	static := poststep.Runner{Env: append(slices.Clone(run.Env), "CGO_ENABLED=0")}
	for _, b := range staticBuilds(files) {
		// go list -export compiles the main package and every package it imports, as go
		// build does, and fails as it does (with the same output), but does not link: the
		// compiles come from the build cache after the first check, the link never did,
		// and it was most of each check's time (2.6 of 3.2 s CPU for a generated service).
		// What only the link finds that a pack may well cause, a main package left without
		// func main by the tags (its file for this build left out), declaresMain checks in
		// the files go list says the build compiles. The user reproduces a failure with
		// the go build shown.
		args := []string{"list", "-export", "-f", "{{range .GoFiles}}" + goFileMark + "{{.}}\n{{end}}"}
		shown := "CGO_ENABLED=0 go build"
		if b.tags != "" {
			args = append(args, "-tags", b.tags)
			shown += " -tags " + b.tags
		}
		args = append(args, "./"+mainDir)
		shown += " ./" + mainDir
		out, err := static.GoOutput(ctx, project, args...)
		if err == nil {
			err = declaresMain(files, mainDir, out, shown)
		}
		if err != nil {
			if stopped(ctx, err) {
				return fmt.Errorf("type-check: %w", err)
			}
			var ce *poststep.CommandError
			if errors.As(err, &ce) {
				ce.Command = shown
			}
			with := "without build tags"
			if b.tags != "" {
				with = "with the build tags " + b.tags
			}
			return fmt.Errorf("%w in the build of its binary by %s: %w; the pack's Go files must build with cgo off and %s too (give a file that needs cgo, or that the build tags leave out, a twin for this build)", errNoBuild, strings.Join(b.by, ", "), err, with)
		}
	}
	return nil
}

// goFileMark begins each line of typeCheck's go list output that names a Go file the
// build compiles (other lines are the go command's own: go: downloading ...).
const goFileMark = "gofile:"

// declaresMain returns an error, as go build's link reports it, when none of the Go
// files of the main package in mainDir that the go list output out names (goFileMark)
// declares func main; shown is the go build the error names.
func declaresMain(files []generator.File, mainDir, out, shown string) error {
	content := byPath(files)
	var compiled []string
	for line := range strings.Lines(out) {
		name, ok := strings.CutPrefix(strings.TrimSpace(line), goFileMark)
		if !ok {
			continue
		}
		compiled = append(compiled, name)
		src, ok := content[path.Join(mainDir, name)]
		if !ok {
			return nil // not a file of the render: not this check's to judge
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil // go list compiled it: a file it parses differently is not this check's to judge
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "main" {
				return nil
			}
		}
	}
	return fmt.Errorf("%s: function main is undeclared in the main package: none of the files this build compiles (%s) declares func main", shown, strings.Join(compiled, ", "))
}

// staticBuild is one build of a project's binary: CGO_ENABLED=0 go build with the build
// tags tags (comma-separated, "" for none), as those by name run it.
type staticBuild struct {
	tags string
	by   []string
}

// dockerTagsArg matches the Dockerfile's ARG BUILD_TAGS line, with its default.
var dockerTagsArg = regexp.MustCompile(`(?m)^[ \t]*ARG[ \t]+BUILD_TAGS=["']?([^"'\s]*)["']?[ \t]*$`)

// staticBuilds returns the builds of the binary that the project's own files run, each
// tag set once: with the BUILD_TAGS the Makefile assigns (make build and make docker pass
// them; a value made of other variables is not known and left out), with the default
// of the Dockerfile's ARG BUILD_TAGS, and without tags (make build BUILD_TAGS=, which the
// generated README gives, and the go build of the generated main_test.go). Every one is
// CGO_ENABLED=0, as the Makefile, the Dockerfile and main_test.go build.
func staticBuilds(files []generator.File) []staticBuild {
	content := byPath(files)
	var out []staticBuild
	add := func(tags, by string) {
		tags = strings.Join(strings.FieldsFunc(tags, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }), ",")
		if i := slices.IndexFunc(out, func(b staticBuild) bool { return b.tags == tags }); i >= 0 {
			out[i].by = append(out[i].by, by)
			return
		}
		out = append(out, staticBuild{tags, []string{by}})
	}
	if _, ok := content["Makefile"]; ok {
		for _, a := range audit.MakeAssignments(content.read, "Makefile") {
			if a.Name == "BUILD_TAGS" && !strings.Contains(a.Value, "$") {
				add(a.Value, "make build ("+a.At+")")
			}
		}
	}
	if m := dockerTagsArg.FindSubmatchIndex(content["Dockerfile"]); m != nil {
		line := 1 + bytes.Count(content["Dockerfile"][:m[0]], []byte("\n"))
		add(string(content["Dockerfile"][m[2]:m[3]]), fmt.Sprintf("the Dockerfile (Dockerfile:%d)", line))
	}
	add("", "a build without tags (make build BUILD_TAGS=, the generated main_test.go)")
	return out
}
