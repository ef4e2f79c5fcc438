package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/audit/sarif"
	"github.com/gonew-prod/gonew-prod/internal/buildinfo"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/retrofit"
)

// auditOptions are the flags of audit.
type auditOptions struct {
	Format string
	Only   []string
	Main   string
	FailOn string
}

// failOnRank maps --fail-on to the lowest status rank that fails the run.
// unknown fails on what the audit could not read too, for a gate that must see every
// check judged.
var failOnRank = map[string]int{"fail": audit.Fail.Rank(), "warn": audit.Warn.Rank(), "unknown": audit.Unknown.Rank(), "never": audit.Fail.Rank() + 1}

func newAuditCmd(env Env) *cobra.Command {
	var opts auditOptions
	var ids []string
	for _, c := range audit.Checks() {
		ids = append(ids, c.ID)
	}
	cmd := &cobra.Command{
		Use:   "audit [DIR]",
		Short: "Check a Go repository against the production checklist",
		Long: `audit reads the Go repository in DIR (default .) and reports, for each main package that
serves HTTP, whether each item of the production checklist is done, with evidence
(file:line and the line) and the fix. It never builds, runs or changes the repository.

Checks: ` + strings.Join(ids, ", ") + `.
Exit status: 0 when no result is at or above --fail-on, 1 otherwise, 2 for bad usage.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return runAudit(c, env, dir, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "table", "output format: table, json or sarif")
	f.StringSliceVar(&opts.Only, "only", nil, "run only these checks (comma-separated ids)")
	f.StringVar(&opts.Main, "main", "", "judge only this main package (directory, import path or last element)")
	f.StringVar(&opts.FailOn, "fail-on", "fail", "exit 1 when a result is at or above this: fail, warn, unknown (WARN, FAIL or UNKNOWN) or never")
	return cmd
}

func runAudit(c *cobra.Command, env Env, dir string, opts auditOptions) error {
	if !slices.Contains([]string{"table", "json", "sarif"}, opts.Format) {
		return usagef("invalid --format %q: want table, json or sarif", opts.Format)
	}
	threshold, ok := failOnRank[opts.FailOn]
	if !ok {
		return usagef("invalid --fail-on %q: want fail, warn, unknown or never", opts.FailOn)
	}
	root := dir
	if !filepath.IsAbs(root) {
		root = filepath.Join(env.Dir, root)
	}
	info, err := os.Stat(root)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("audit %s: no such directory", dir)
	case err != nil:
		return usagef("audit %s: %v", dir, err)
	case !info.IsDir():
		return usagef("audit %s: not a directory", dir)
	}
	// The file system from the volume's root: the go command finds a go.work above dir.
	top := filepath.VolumeName(root) + string(filepath.Separator)
	rel, err := filepath.Rel(top, filepath.Clean(root))
	if err != nil {
		return fmt.Errorf("audit %s: %w", dir, err)
	}
	// A directory inside a module, not its root, is audited from the repository
	// around it (the git work tree's top, else the module's root): its CI, Makefiles,
	// Dockerfiles and the packages its programs import are there. So is a module
	// nested in a git work tree whose top is above it (a monorepo's service), from
	// that top. Only the main packages under it are judged.
	open, name, under := filepath.ToSlash(rel), dir, ""
	enc, inside := repo.Enclosing(os.DirFS(top), open)
	if inside {
		open, under = enc.Root, enc.Under
		root = filepath.Join(top, filepath.FromSlash(enc.Root))
		name = displayPath(env.Dir, dir, root)
	}
	r, err := repo.OpenDir(c.Context(), top, open, name)
	if err != nil && stopped(c.Context(), err) {
		return errInterrupted // a signal ends the audit: no report
	}
	if err != nil {
		return err
	}
	if len(r.Modules) == 0 && len(r.Packages) == 0 {
		return usagef("audit %s: no Go module or Go file there: give the directory of a Go repository", dir)
	}
	if inside && enc.Nested && len(r.MainsUnder(under)) == 0 {
		return usagef("audit %s: module %s holds no main package, and it lies in the git work tree at %s, which this audit reads around it: audit that, gonew-prod audit %s, and add --main PKG to judge one main package", dir, enc.ModulePath, name, name)
	}
	if inside && len(r.MainsUnder(under)) == 0 {
		mod := displayPath(env.Dir, dir, filepath.Join(top, filepath.FromSlash(enc.Module)))
		return usagef("audit %s: it is inside module %s (go.mod in %s) and holds no main package: audit the repository, gonew-prod audit %s, and add --main PKG to judge one main package", dir, enc.ModulePath, mod, name)
	}
	r.LeftOut(leftOutCI(c.Context(), env, root))
	var ownCI []string
	if inside && enc.Nested {
		ownCI = nestedCI(filepath.Join(top, filepath.FromSlash(enc.Module)))
	}
	features, ci := featureLocks(c.Context(), env, r, root)
	rep, err := audit.Run(c.Context(), r, audit.Options{Only: opts.Only, Main: opts.Main, Under: under, Nested: inside && enc.Nested, FeatureLocks: features, CILocks: ci, Git: gitIgnores(c.Context(), env, root, r)})
	if errors.Is(err, audit.ErrUnknownCheck) || errors.Is(err, audit.ErrUnknownMain) || errors.Is(err, audit.ErrAmbiguousMain) {
		return usageError{err}
	}
	if err != nil && stopped(c.Context(), err) {
		return errInterrupted
	}
	if err != nil {
		return err
	}
	switch opts.Format {
	case "json":
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	case "sarif":
		err = sarif.Write(env.Stdout, rep, buildinfo.Get().Version)
	default:
		writeTable(env.Stdout, rep, colorful(env), ownCI)
	}
	if err != nil {
		return fmt.Errorf("audit %s: %w", dir, err)
	}
	if rep.Worst().Rank() >= threshold {
		return fmt.Errorf("audit %s: %s found (--fail-on %s)", dir, rep.Worst(), opts.FailOn)
	}
	return nil
}

// featureLocks returns, for each record of gonew-prod new in r (its path from the root,
// which is the directory root), the lock of features of the preset it was made with, as
// add's refusal names it, when that preset locks features, and in ci its lock of ci to
// none, when it locks that (see audit.Options). The pack is loaded as update and add
// load it, a directory from the working directory or from the record's directory or
// one above it; a module pack only from the module cache (GOPROXY=off): a pack that
// cannot be loaded so is left out, and its features with it.
func featureLocks(ctx context.Context, env Env, r *repo.Repo, root string) (features, ci map[string]string) {
	features, ci = map[string]string{}, map[string]string{}
	for _, p := range r.Records {
		data, ok := r.ReadFile(p)
		if !ok {
			continue
		}
		rec, err := generator.ParseRecord(p, data)
		if err != nil || len(rec.Components) > 0 || rec.Preset.Source == "" {
			continue
		}
		f, c := featureLock(ctx, env, rec.Preset, filepath.Join(root, filepath.FromSlash(path.Dir(p))))
		if f != "" {
			features[p] = f
		}
		if c != "" {
			ci[p] = c
		}
	}
	return features, ci
}

// featureLock loads the recorded preset of a project in dir (see featureLocks) and
// returns its lock of features, else "", and its lock of ci to none, else "". A relative
// pack path is tried from the working directory, then from the first of dir and the
// directories above it it leads from.
func featureLock(ctx context.Context, env Env, rp generator.RecordPreset, dir string) (features, ci string) {
	r := preset.Resolver{Dir: env.Dir, Env: append(slices.Clone(env.Environ), "GOPROXY=off")}
	pack, err := r.Recorded(ctx, rp)
	if err != nil {
		base, ok := preset.RecordedFrom(rp.Source, dir)
		if !ok || base == env.Dir {
			return "", ""
		}
		r.Dir = base
		if pack, err = r.Recorded(ctx, rp); err != nil {
			return "", ""
		}
	}
	if slices.Contains(pack.Answers.Locked, answers.KeyFeatures) {
		features = fmt.Sprintf("preset %s (%s) locks features to %s", pack.Name, rp.Source, answers.Display(pack.Answers.Values[answers.KeyFeatures].Raw))
	}
	if slices.Contains(pack.Answers.Locked, answers.KeyCI) && pack.Answers.Values[answers.KeyCI].Raw == "none" {
		ci = fmt.Sprintf("preset %s (%s) locks ci to none", pack.Name, rp.Source)
	}
	return features, ci
}

// nestedCI returns the CI files (see ciPaths) in dir, a module nested in a git work
// tree: GitHub Actions and GitLab CI never read them there.
func nestedCI(dir string) []string {
	var out []string
	for _, p := range ciPaths {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// displayPath names the directory abs for messages the way the user named dir: an
// absolute dir gives abs, a relative one abs relative to the working directory wd.
func displayPath(wd, dir, abs string) string {
	if filepath.IsAbs(dir) {
		return abs
	}
	if rel, err := filepath.Rel(wd, abs); err == nil {
		return rel
	}
	return abs
}

// ciPaths are the CI files discovery reads (see repo's ciKind), as git pathspecs.
var ciPaths = []string{".github/workflows", ".gitlab-ci.yml"}

// leftOutCI returns the CI files of dir (slash-separated, relative to it) that git
// tracks but the work tree lacks, as a sparse checkout leaves them out: CI this audit
// cannot read, not absent CI. It returns none outside a git work tree or without git.
func leftOutCI(ctx context.Context, env Env, dir string) []string {
	hidden, err := gitview.FindHidden(ctx, env.Environ, dir, ciPaths)
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range hidden.Paths {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(p))); errors.Is(err, fs.ErrNotExist) {
			out = append(out, p)
		}
	}
	return out
}

// gitIgnores asks git, when root is in a git work tree, which of the files the audit
// asks about (audit.SumFiles) it ignores and does not track: its .gitignore files, this
// clone's .git/info/exclude and the user's core.excludesFile all count, and a tracked
// file is never ignored. It returns nil outside a work tree, without git, or when git
// cannot answer (a .gitignore that is not a regular file): the audit reads the
// repository's .gitignore files itself then.
func gitIgnores(ctx context.Context, env Env, root string, r *repo.Repo) *audit.GitIgnores {
	asked := audit.SumFiles(r)
	if len(asked) == 0 || !gitview.InWorkTree(ctx, env.Environ, root) {
		return nil
	}
	ignored, err := gitview.FindUntrackedIgnored(ctx, env.Environ, root, asked)
	if err != nil {
		return nil
	}
	// The pattern's file is named from root, through ../ above it (FindIgnored).
	g := &audit.GitIgnores{Asked: asked, Ignored: map[string]audit.GitPattern{}}
	for _, ig := range ignored {
		file, line, pattern := ig.Where()
		g.Ignored[ig.Path] = audit.GitPattern{File: file, Line: line, Pattern: pattern}
	}
	return g
}

// colorful reports whether the table may use colour: stdout is a terminal and
// NO_COLOR is unset or empty.
func colorful(env Env) bool {
	f, ok := env.Stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && env.Getenv("NO_COLOR") == ""
}

// statusColors are the ANSI colours of the statuses.
var statusColors = map[audit.Status]string{audit.Pass: "\x1b[32m", audit.Warn: "\x1b[33m", audit.Fail: "\x1b[31m", audit.Unknown: "\x1b[36m"}

// writeTable writes one block per result: status, check, main package and message,
// then the evidence and, unless it passed, the fix.
// writeTable writes rep as a table; ownCI are the CI files of a nested module that
// were not read (see nestedCI).
func writeTable(w io.Writer, rep *audit.Report, color bool, ownCI []string) {
	// Text from the repository (snippets, file names, messages quoting them) is
	// printed with its control characters escaped: a repository could otherwise
	// erase or redraw lines of the table. JSON and SARIF carry the raw string.
	printable := func(s string) string { return escapeControls(s, "\t") }
	paint := func(s audit.Status) string {
		text := fmt.Sprintf("%-7s", s)
		if !color {
			return text
		}
		return statusColors[s] + text + "\x1b[0m"
	}
	if rep.Under != "" && rep.Nested {
		fmt.Fprintf(w, "audited from %s, the git work tree around %s, a module nested in it: its CI, Makefiles and Dockerfiles are read from there, and only the main packages in %s are judged; paths are relative to %s", printable(rep.Root), printable(rep.Under), printable(rep.Under), printable(rep.Root))
		if len(ownCI) > 0 {
			fmt.Fprintf(w, "; %s in %s not read: GitHub Actions and GitLab CI read them only at the top of the repository", printable(strings.Join(ownCI, " and ")), printable(rep.Under))
		}
		fmt.Fprint(w, "\n\n")
	} else if rep.Under != "" {
		fmt.Fprintf(w, "audited from %s, the repository around %s, which lies inside a module: its CI, Makefiles, Dockerfiles and the packages its programs import are read from there, and only the main packages in %s are judged; paths are relative to %s\n\n", printable(rep.Root), printable(rep.Under), printable(rep.Under), printable(rep.Root))
	}
	for _, m := range rep.Mains {
		kind := "serves HTTP (" + m.Framework + ")"
		switch {
		case !m.Service:
			kind = "no HTTP server: a tool, only repository-wide checks apply"
		case m.Framework == "":
			// No router package or net/http import: a gRPC server, or a module's.
			kind = "serves (no HTTP framework or net/http import seen)"
		case !m.ServesHandler(): // Fiber, fasthttp, Hertz
			kind = "serves HTTP (" + m.Framework + ", which serves no http.Handler)"
		}
		if m.Generated != "" {
			kind += "; func main is in " + m.Generated + ", which is generated: never evidence, and add does not edit it"
		}
		fmt.Fprintf(w, "main %s: %s\n", printable(m.Dir), printable(kind))
	}
	if len(rep.Mains) > 0 {
		fmt.Fprintln(w)
	}
	width := 16 // the main column fits the longest main directory
	for _, res := range rep.Results {
		width = max(width, len(printable(res.Main)))
	}
	for _, res := range rep.Results {
		scope := printable(res.Main)
		if scope == "" {
			scope = "(repo)"
		}
		fmt.Fprintf(w, "%s %-12s %-*s %s\n", paint(res.Status), res.Check, width, scope, printable(res.Message))
		for _, ev := range res.Evidence {
			fmt.Fprintf(w, "        %s:%d  %s\n", printable(ev.File), ev.Line, printable(ev.Snippet))
		}
		if res.Fix != "" {
			fmt.Fprintf(w, "        fix: %s\n", printable(res.Fix))
		}
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "skipped %s: %s\n", printable(p.File), printable(p.Err))
	}
	s := rep.Summary
	fmt.Fprintf(w, "\n%d results: %d PASS, %d WARN, %d FAIL, %d UNKNOWN\n", len(rep.Results), s.Pass, s.Warn, s.Fail, s.Unknown)
	lack := rep.Lacking("")
	if len(rep.Mains) > 0 && !slices.ContainsFunc(rep.Mains, audit.MainInfo.ServesHandler) {
		// No main serves an http.Handler that add could wrap (a gRPC server alone, Fiber).
		if left := slices.DeleteFunc(slices.Clone(lack), func(c string) bool { return !retrofit.NeedsHandler(c) }); len(left) > 0 {
			lack = slices.DeleteFunc(lack, retrofit.NeedsHandler)
			fmt.Fprintf(w, "not for add: %s (each works around an http.Handler, which no main package here serves); make those fixes by hand\n", strings.Join(left, " "))
		}
	}
	services := slices.DeleteFunc(slices.Clone(rep.Mains), func(m audit.MainInfo) bool { return !m.Service })
	editable := slices.DeleteFunc(slices.Clone(rep.Mains), func(m audit.MainInfo) bool { return m.Generated != "" })
	if len(services) == 0 {
		services = rep.Mains // no service: add works on a main package named with --main
	}
	if len(lack) > 0 && len(rep.Mains) > 0 && !slices.ContainsFunc(services, func(m audit.MainInfo) bool { return m.Generated == "" }) {
		// Every service's func main is generated (every main's, when none serves): add refuses to edit it.
		fmt.Fprintln(w, "not for add: func main is generated, and the next generation would undo add's edits; have the generator call into a package main of your own, or make the fixes above by hand")
	} else if len(lack) > 0 && !slices.ContainsFunc(rep.Mains, func(m audit.MainInfo) bool { return m.Service }) {
		// No main package serves: add asks which one to work on.
		if len(editable) == 1 {
			fmt.Fprintf(w, "components to add: gonew-prod add --main %s %s\n", printable(pkgPath(editable[0].Dir)), strings.Join(lack, " "))
		} else {
			var dirs []string
			for _, m := range editable {
				dirs = append(dirs, pkgPath(m.Dir))
			}
			fmt.Fprintf(w, "components to add: gonew-prod add --main DIR %s (no main package serves HTTP: name the one to work on, %s)\n", strings.Join(lack, " "), printable(strings.Join(dirs, ", ")))
		}
	} else if len(lack) > 0 {
		fmt.Fprintf(w, "components to add: gonew-prod add %s\n", strings.Join(lack, " "))
	} else if len(rep.Mains) == 0 && s.Pass < len(rep.Results) {
		fmt.Fprintln(w, "no main package: gonew-prod add retrofits one and has nothing to add here; make the fixes above by hand")
	}
	by, records := rep.LeftOut()
	for _, rec := range records {
		for _, g := range byLock(rep, rec, by[rec]) {
			if g.lock != "" {
				fmt.Fprintf(w, "left out on purpose (the features of %s): %s; %s, so gonew-prod add cannot add them: for one that is wanted after all, %s\n", printable(rec), strings.Join(g.features, " "), printable(g.lock), g.fix)
				continue
			}
			fmt.Fprintf(w, "left out on purpose (the features of %s): %s; gonew-prod add NAME adds one if it is wanted after all\n", printable(rec), strings.Join(g.features, " "))
		}
	}
}

// lockedOut is features that the record of gonew-prod new at a path leaves out, all
// kept from add by lock (with fix, what to do instead), or none ("").
type lockedOut struct {
	lock, fix string
	features  []string
}

// byLock groups the features that the record at rec leaves out (see audit.Report.LeftOut)
// by the lock of its preset that keeps add from adding them (see audit.Report.Lock), in
// the order of their first feature.
func byLock(rep *audit.Report, rec string, features []string) []lockedOut {
	var out []lockedOut
	for _, f := range features {
		lock, fix := rep.Lock(rec, f)
		i := slices.IndexFunc(out, func(g lockedOut) bool { return g.lock == lock })
		if i < 0 {
			out, i = append(out, lockedOut{lock: lock, fix: fix}), len(out)
		}
		out[i].features = append(out[i].features, f)
	}
	return out
}
