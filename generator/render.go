// Package generator renders a gonew-prod project: it turns a template tree, a preset and
// a set of answers into files in memory, plans how they land in an existing tree, and
// writes a plan all-or-nothing. It is a library: it parses no flags, touches no global
// streams and imports nothing of the command line.
package generator

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"time"
)

// File is one rendered file.
type File struct {
	Path    string      // slash-separated, relative to the project root
	Mode    fs.FileMode // permission bits
	Owner   Owner       // who owns the file once it exists
	Content []byte
}

// Preset is what a preset pack contributes to a render besides its answers.
type Preset struct {
	Name    string // the pack's name
	Source  string // where it came from: "builtin", a directory, or MODULE@VERSION
	Version string // the module version of a pack fetched as a Go module, else ""
	// Digest is the digest of the pack's content (preset.Pack.Digest) that the record
	// keeps, "" for a built-in pack, which the generator version names.
	Digest string
	// Overlay, if set, holds templates (named like those below project/) that replace the
	// built-in template of the same name or, when no built-in has that name, add a file
	// at the template's path without ".tmpl".
	Overlay fs.FS
	// Remove lists built-in output paths to leave out, as manifest.yaml spells them
	// (cmd/{{.Name}}/main.go).
	Remove []string
	// GoPrivate is a GOPRIVATE pattern list written into the generated README and CI.
	GoPrivate string
	// Where maps an overlay template's name to its file as messages show it
	// (base/overlay/X.tmpl), so that an error found while rendering names the file of
	// the pack that holds the template, as the pack loader's parse errors do; a name
	// it lacks is shown as it is.
	Where map[string]string
	// RemovedAt maps a path of Remove to its entry as messages show it
	// (rd/preset.yaml:3:10), so that a refused removal names it.
	RemovedAt map[string]string
	// Locked maps an overlay template's name to why it may not render nothing: it writes
	// a built-in file that a lock of a pack below the template's own selects, which a
	// template rendering nothing would leave out. The render refuses it with that reason.
	Locked map[string]string
}

// Project is everything one render needs.
type Project struct {
	// Templates is the template tree: manifest.yaml, versions.yaml and project/.
	Templates fs.FS
	// Manifest names the manifest at the root of Templates; ManifestFile when empty. A
	// tree may declare several kinds of project (a new service, a retrofit), each with a
	// manifest of its own over the same templates.
	Manifest string
	Answers  Answers // validated answers
	// Vars are values a caller's own templates read as .Vars.KEY (a retrofit's main
	// package, for one); a key no caller set fails the render.
	Vars   map[string]string
	Preset Preset
	// Version is the gonew-prod module version recorded in the project, "(devel)" when
	// unknown.
	Version string
	// NoRecord leaves the project's RecordFile out of the render.
	NoRecord bool
	Limits   Limits
}

// Limits bound a render, whose templates may come from an untrusted preset pack.
type Limits struct {
	Timeout   time.Duration // the whole render; DefaultTimeout when zero
	MaxOutput int64         // bytes of all rendered files together; DefaultMaxOutput when zero
	// MaxValues bounds the bytes the template functions of the render build together,
	// kept or not; DefaultMaxValues when zero.
	MaxValues int64
}

// Default limits of a render.
const (
	DefaultTimeout   = 10 * time.Second
	DefaultMaxOutput = 64 << 20
	DefaultMaxValues = 512 << 20
)

// ErrTimeout reports a render that took longer than its time limit.
var ErrTimeout = errors.New("render took longer than its time limit")

// ErrOutputLimit reports a render whose files together exceed the output limit.
var ErrOutputLimit = errors.New("rendered files exceed the output limit")

// Render renders every file the manifest selects for p.Answers, sorted by path, followed
// by the project's RecordFile unless p.NoRecord. Go files are formatted and their imports
// fixed (except those whose template the tree's FormattedFile lists as needing none); a
// Go file that does not parse is an error naming its template.
//
// Templates run in a goroutine of their own: when ctx is cancelled or the time limit
// passes, Render returns at once, and the abandoned render stops at its next write (a
// template that loops without writing runs on until it ends or the process exits).
// The time limit bounds the templates, which a preset's may make loop; formatting the
// Go files they wrote is not timed, since it always ends (its input is bounded by the
// output limit) and takes most of a render's time, which a loaded machine stretches.
func Render(ctx context.Context, p Project) ([]File, error) {
	timeout := p.Limits.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	limited, cancel := context.WithTimeoutCause(ctx, timeout, fmt.Errorf("%w (%s)", ErrTimeout, timeout))
	defer cancel()
	var stop atomic.Bool
	var running atomic.Pointer[string] // the template running, for the time limit's message
	type result struct {
		files []File
		err   error
	}
	done := make(chan result, 1)
	templated := make(chan struct{})
	go func() {
		files, err := render(p, &stop, &running, templated)
		done <- result{files, err}
	}()
	wait, executing := limited, (<-chan struct{})(templated)
	for {
		select {
		case r := <-done:
			return r.files, r.err
		case <-executing:
			wait, executing = ctx, nil // only formatting is left
		case <-wait.Done():
			stop.Store(true)
			if name := running.Load(); name != nil && errors.Is(context.Cause(wait), ErrTimeout) {
				return nil, fmt.Errorf("render %s: %w", *name, context.Cause(wait))
			}
			return nil, fmt.Errorf("render: %w", context.Cause(wait))
		}
	}
}

// render does Render's work, closing templated once every template has run, and keeping
// in running the name (as errors show it) of the template it runs.
func render(p Project, stop *atomic.Bool, running *atomic.Pointer[string], templated chan<- struct{}) ([]File, error) {
	m, err := ReadManifest(p.Templates, p.Manifest)
	if err != nil {
		return nil, err
	}
	versions, err := ReadVersions(p.Templates)
	if err != nil {
		return nil, err
	}
	if err := CheckRemove(m, p.Preset.Remove); err != nil {
		return nil, err
	}
	entries, err := withOverlay(m.Files, p.Preset.Overlay)
	if err != nil {
		return nil, err
	}
	formatted, err := readFormatted(p.Templates)
	if err != nil {
		return nil, err
	}
	data := newData(p.Answers, m, versions, p.Preset.GoPrivate)
	data.Vars = p.Vars
	if p.Manifest != "" && p.Manifest != ManifestFile {
		// Another manifest of the tree (a retrofit's) renders the same templates, whose
		// .Builtin asks of the main manifest's files.
		main, err := ReadManifest(p.Templates, ManifestFile)
		if err != nil {
			return nil, err
		}
		for _, e := range main.Files {
			data.builtins = append(data.builtins, e.Path)
		}
	}
	data.replaced = map[string]bool{}
	for _, e := range entries {
		if e.overlay || slices.Contains(p.Preset.Remove, e.Path) {
			data.replaced[e.Path] = true
		}
	}
	limit := p.Limits.MaxOutput
	if limit <= 0 {
		limit = DefaultMaxOutput
	}
	out := &boundedWriter{left: limit, limit: limit, stop: stop}
	values := p.Limits.MaxValues
	if values <= 0 {
		values = DefaultMaxValues
	}
	set := newTemplateSet(&valueBudget{left: values, limit: values})
	// Go files are formatted on every CPU while the next templates run.
	format := startFormatting(len(entries))
	defer format.stop()
	var files []File
	written := map[string]bool{}  // manifest paths (as the manifest spells them) written
	blank := map[string]string{}  // manifest path -> the overlay template that rendered nothing there
	var lockedBlank []error       // an overlay template of a locked file that rendered nothing (Preset.Locked)
	seen := map[string]string{}   // output path -> template
	folded := map[string]output{} // output path in lower case -> output
	for _, e := range entries {
		// A removal leaves out the built-in template; an overlay template is the pack's
		// own file, written whatever the list says (the pack loader drops a template of
		// a pack that an extending pack removes).
		if !e.When.Holds(p.Answers, p.Vars) || !e.overlay && slices.Contains(p.Preset.Remove, e.Path) {
			continue
		}
		src, name := p.Templates, TemplateDir+"/"+e.TemplateName()
		shown := name // the template as errors name it
		if e.overlay {
			src, name = p.Preset.Overlay, e.TemplateName()
			shown = cmp.Or(p.Preset.Where[name], name)
		}
		rel := e.Path
		if strings.Contains(e.Path, "{{") {
			pathOf := "path of " + shown
			running.Store(&pathOf)
			pathOut, err := set.execute(pathOf, e.Path, data, out)
			if err != nil {
				return nil, err
			}
			rel = string(pathOut)
		}
		if err := CheckOutput(rel); err != nil {
			return nil, fmt.Errorf("render %s: output path %w", shown, err)
		}
		if prev, dup := seen[rel]; dup {
			return nil, fmt.Errorf("render %s: output path %s is also rendered from %s", shown, rel, prev)
		}
		if prev, dup := folded[strings.ToLower(rel)]; dup {
			hint := ""
			if e.overlay && !prev.overlay {
				hint = MakefileCaseHint(rel, prev.path)
			}
			return nil, fmt.Errorf("render %s: output path %s differs only in letter case from %s, rendered from %s: a case-insensitive file system (macOS, Windows) holds one file for both%s", shown, rel, prev.path, prev.template, hint)
		}
		seen[rel] = shown
		folded[strings.ToLower(rel)] = output{rel, shown, e.overlay}
		text, err := fs.ReadFile(src, name)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", rel, err)
		}
		running.Store(&shown)
		content, err := set.execute(shown, string(text), data, out)
		if err != nil {
			return nil, err
		}
		if e.overlay && isBlank(content) && !isBlank(text) {
			// A pack's template that renders to nothing ({{if .Features.K8s}}...{{end}}
			// without k8s) asks for no file, as a built-in's when: condition does; an
			// overlay template that is itself empty (a .gitkeep) still writes its file.
			if why := p.Preset.Locked[name]; why != "" {
				// Refused once every template is rendered: each such one is named.
				lockedBlank = append(lockedBlank, fmt.Errorf("render %s: it renders nothing for these answers (an overlay template whose output is only white space writes no file), so no %s is written, but %s", shown, rel, why))
				continue
			}
			delete(seen, rel)
			delete(folded, strings.ToLower(rel))
			blank[e.Path] = "overlay/" + name
			continue
		}
		written[e.Path] = true
		mode, _ := e.FileMode() // checked by ReadManifest
		files = append(files, File{Path: rel, Mode: mode, Owner: e.FileOwner(), Content: content})
		if path.Ext(rel) == ".go" && !formatted.has(text) {
			format.add(len(files)-1, shown, content)
		}
	}
	if err := errors.Join(lockedBlank...); err != nil {
		return nil, err
	}
	if err := checkNesting(folded); err != nil {
		return nil, err
	}
	if err := checkNeeds(entries, p.Answers, p.Vars, written, blank, p.Preset.RemovedAt); err != nil {
		return nil, err
	}
	close(templated)
	if err := format.wait(files); err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	if p.NoRecord {
		return files, nil
	}
	hash, err := TemplatesHash(p.Templates)
	if err != nil {
		return nil, err
	}
	rec := Record{
		Generator: RecordGenerator{Name: "gonew-prod", Version: p.Version, Templates: hash},
		Preset:    RecordPreset{Name: p.Preset.Name, Source: p.Preset.Source, Version: p.Preset.Version, Digest: p.Preset.Digest},
		Answers:   p.Answers,
		Vars:      p.Vars,
	}
	recFile, err := rec.File(files)
	if err != nil {
		return nil, err
	}
	files = append(files, recFile)
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

// isBlank reports whether b holds nothing but white space.
func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

// output is one rendered path and the template it comes from.
type output struct {
	path, template string
	overlay        bool // the template is the preset's
}

// CheckOutput reports why rel cannot be an output path of a render: one CheckPath
// refuses, the project's record (written by the render itself, in any letter case, and in
// any directory, where add and update would take it for the record of an add run there),
// or a name of gonew-prod's own files (staging directories, a version's copy of a file
// beside the user's), which would be taken for gonew-prod's.
func CheckOutput(rel string) error {
	if err := CheckPath(rel); err != nil {
		return err
	}
	if strings.EqualFold(path.Base(rel), RecordFile) {
		return fmt.Errorf("%s is reserved for the project's record", rel)
	}
	for _, elem := range strings.Split(rel, "/") {
		if strings.Contains(strings.ToLower(elem), reservedInfix) {
			return fmt.Errorf("%s: names holding %s are reserved for gonew-prod's own files", rel, reservedInfix)
		}
	}
	return nil
}

// reservedInfix is in the name of every file and directory gonew-prod makes for itself
// in or beside a project, and in no output path of a render.
const reservedInfix = ".gonew-prod-"

// checkNesting refuses a render in which a path is a file and also a directory on the way
// to another path (Makefile and Makefile/x), letter case folded, or in which two paths go
// through directories that differ only in letter case (K8S/extra.yaml beside
// k8s/deployment.yaml). folded maps every output path in lower case to the output.
func checkNesting(folded map[string]output) error {
	keys := slices.Sorted(maps.Keys(folded))
	dirs := map[string]output{} // directory in lower case -> the first output under it
	for _, k := range keys {
		i, _ := slices.BinarySearch(keys, k+"/")
		if i < len(keys) && strings.HasPrefix(keys[i], k+"/") {
			file, under := folded[k], folded[keys[i]]
			return fmt.Errorf("render %s: output path %s is a file, but %s, rendered from %s, needs a directory there", file.template, file.path, under.path, under.template)
		}
		out := folded[k]
		for j := range len(k) {
			if k[j] != '/' {
				continue
			}
			prev, ok := dirs[k[:j]]
			if !ok {
				dirs[k[:j]] = out
				continue
			}
			if dir, twin := DirCaseTwins(out.path, prev.path); dir != "" {
				if prev.overlay && !out.overlay { // name the pack's file first
					out, prev = prev, out
					dir, twin = twin, dir
				}
				return fmt.Errorf("render %s: output path %s is in the directory %s, which differs only in letter case from the directory %s of %s, rendered from %s: a case-insensitive file system (macOS, Windows) holds one directory for both; rename one of them", out.template, out.path, dir, twin, prev.path, prev.template)
			}
		}
	}
	return nil
}

// CheckRemove reports a removal that names no file of the manifest. Removals are output
// paths as the manifest spells them, so that one entry works for every service name.
func CheckRemove(m Manifest, remove []string) error {
	for _, r := range remove {
		if !slices.ContainsFunc(m.Files, func(e Entry) bool { return e.Path == r }) {
			return &RemoveError{Path: r, Reason: fmt.Sprintf("no built-in file has that path (paths are spelled as in %s, e.g. cmd/{{.Name}}/main.go)", ManifestFile)}
		}
	}
	return nil
}

// A RemoveError reports a path a preset may not leave out: one it removes, or one its
// overlay template renders nothing for (Blank).
type RemoveError struct {
	Path   string // as the preset gives it
	Reason string
	// Uses says what the built-in files that need Path call it for, without the
	// remedies Reason adds; "" for a path no built-in file has.
	Uses string
	// Blank names the overlay template (overlay/Makefile.tmpl) whose output, empty or
	// only white space, left Path unwritten; "" for a removal.
	Blank string
	// At is the remove entry, file:line:column (Preset.RemovedAt), when known.
	At string
}

func (e *RemoveError) Error() string {
	if e.Blank != "" {
		return e.Blank + " renders nothing (an overlay template whose output is only white space writes no file), so no " + e.Path + " is written: " + e.Reason
	}
	if e.At != "" {
		return e.At + ": remove " + e.Path + ": " + e.Reason
	}
	return "remove " + e.Path + ": " + e.Reason
}

// moduleFiles are the files of the manifest every Go file of the project needs, with
// why: checkNeeds refuses a render that leaves one out while it writes Go files.
var moduleFiles = map[string]string{
	"go.mod": "the go command builds, vets and tests the packages of the module go.mod declares, and without it refuses them all (directory prefix . does not contain main module)",
	"go.sum": "the go command refuses to build a package of a dependency whose checksum go.sum does not hold (missing go.sum entry)",
}

// checkNeeds refuses a render that leaves out a file that a built-in template it rendered
// for answers a and values vars calls (Entry.Needs): the project would be written with a
// pipeline or target that fails on its first run. It judges what was rendered: a path is
// left out when a built-in template of it is selected by a and vars but nothing was written there (written
// holds the paths written, as the manifest spells them), because the pack removes it or
// because the overlay template in its place rendered nothing (blank). A file the overlay
// writes in its place (for a Makefile, also a GNUmakefile or makefile beside it, which
// make reads instead: makefileInstead), and a caller the overlay replaces or the pack leaves out, are the
// pack's to keep consistent. The module files (moduleFiles) are needed by every Go file.
// A refused removal names its entry as removedAt gives it.
func checkNeeds(entries []entry, a Answers, vars map[string]string, written map[string]bool, blank, removedAt map[string]string) error {
	var gone []string
	features := map[string][]string{} // left-out path -> the features selecting it
	for _, e := range entries {
		if e.overlay && blank[e.Path] == "" || !e.When.Holds(a, vars) || written[e.Path] {
			continue
		}
		if !slices.Contains(gone, e.Path) {
			gone = append(gone, e.Path)
		}
		features[e.Path] = append(features[e.Path], e.When.Features...)
	}
	goFiles := slices.ContainsFunc(slices.Collect(maps.Keys(written)), func(w string) bool { return path.Ext(w) == ".go" })
	for _, r := range gone {
		if why, ok := moduleFiles[r]; ok && goFiles {
			keep := "keep " + r + ", or give the overlay a " + r + ".tmpl of the pack's own"
			if blank[r] != "" {
				keep = "make " + blank[r] + " write one"
			}
			return removeError(&RemoveError{Path: r, Blank: blank[r], Reason: fmt.Sprintf("the project cannot do without it: %s; %s", why, keep)}, removedAt)
		}
		if instead := makefileInstead(r, written); instead != "" {
			continue // make reads it in place of r (the caller's targets are checked in it)
		}
		var uses, names []string
		for _, e := range entries {
			why, ok := e.Needs[r]
			if !ok || e.overlay || !e.When.Holds(a, vars) || !written[e.Path] || slices.Contains(names, "overlay/"+e.TemplateName()) {
				continue
			}
			uses = append(uses, fmt.Sprintf("the built-in %s %s", e.Path, why))
			names = append(names, "overlay/"+e.TemplateName())
		}
		if len(uses) == 0 {
			continue
		}
		them := "that file"
		if len(names) > 1 {
			them = "those files"
		}
		other := ""
		if len(features[r]) > 0 {
			other = fmt.Sprintf(", leave %s out of the pack's answers (features)", strings.Join(slices.Compact(slices.Sorted(slices.Values(features[r]))), ", "))
		}
		keep := "keep " + r
		if blank[r] != "" {
			keep = "make " + blank[r] + " write one"
		}
		if twin, tmpl := blankMakefile(r, blank); tmpl != "" {
			// The pack's own makefile, which make would read in place of r, rendered
			// nothing: writing it is a way out, and keeping r is none when the two
			// differ only in letter case (a pack may not have both).
			alt := "make " + tmpl + " write one, which make reads in place of " + r
			switch {
			case strings.EqualFold(twin, r):
				keep = alt
			default:
				keep = alt + ", or " + keep
			}
		}
		why := strings.Join(uses, "; ")
		return removeError(&RemoveError{Path: r, Blank: blank[r], Uses: why, Reason: fmt.Sprintf("%s; replace %s in the overlay too (%s)%s, or %s", why, them, strings.Join(names, ", "), other, keep)}, removedAt)
	}
	return nil
}

// MakefileNames are the names GNU make looks for in a directory, in its order: it reads
// the first one the directory holds, so a GNUmakefile or a makefile stands in for the
// Makefile, whose targets make then does not see (unless that file includes it).
var MakefileNames = []string{"GNUmakefile", "makefile", "Makefile"}

// IsMakefileName reports whether a file named name is one make reads by itself
// (MakefileNames), as opposed to one a makefile includes or make runs with -f.
func IsMakefileName(name string) bool { return slices.Contains(MakefileNames, name) }

// isMakefile reports whether rel is named as a makefile make reads by itself.
func isMakefile(rel string) bool { return IsMakefileName(path.Base(rel)) }

// makefileInstead returns the makefile of written (paths as the manifest spells them) in
// rel's directory that make reads when rel, a makefile (MakefileNames), is not written:
// a pack's GNUmakefile or makefile in place of the Makefile it removes. "" when rel is no
// makefile or the directory has no other.
func makefileInstead(rel string, written map[string]bool) string {
	if !isMakefile(rel) {
		return ""
	}
	for _, n := range MakefileNames {
		if other := path.Join(path.Dir(rel), n); other != rel && written[other] {
			return other
		}
	}
	return ""
}

// blankMakefile returns a makefile other than rel in rel's directory, and its overlay
// template, that the pack has but that rendered nothing (blank, as checkNeeds takes it):
// make would read it in place of rel. "", "" when rel is no makefile or there is none.
func blankMakefile(rel string, blank map[string]string) (string, string) {
	if !isMakefile(rel) {
		return "", ""
	}
	for _, n := range MakefileNames {
		if other := path.Join(path.Dir(rel), n); other != rel && blank[other] != "" {
			return other, blank[other]
		}
	}
	return "", ""
}

// MakefileCaseHint returns, for a pack's output path rel that differs only in letter
// case from builtin, the output path of a built-in template, the way to ship the pack's
// own makefile when both are makefiles (makefile beside the built-in Makefile): make
// reads rel in place of builtin, so the pack leaves the built-in one out, or names its
// own GNUmakefile, which no built-in path clashes with. "" for other paths.
func MakefileCaseHint(rel, builtin string) string {
	if !isMakefile(rel) || !isMakefile(builtin) {
		return ""
	}
	return fmt.Sprintf("; make reads %s in place of %s, so leave the built-in %s out (remove: [%s]) to ship the pack's own, or name the pack's %s", rel, builtin, builtin, builtin, path.Join(path.Dir(rel), MakefileNames[0]))
}

// removeError returns e with the remove entry removedAt gives for a removal (not for a
// template rendering nothing).
func removeError(e *RemoveError, removedAt map[string]string) *RemoveError {
	if e.Blank == "" {
		e.At = removedAt[e.Path]
	}
	return e
}

// formatFile formats one rendered Go file (tests replace it to hold formatting up).
var formatFile = formatted.format

// formatting formats Go files on every CPU while they are being rendered: parsing and
// printing Go is most of the time a render takes.
type formatting struct {
	jobs chan formatJob
	wg   sync.WaitGroup
	// out and errs are indexed like the render's files; each is written by one worker.
	out     [][]byte
	errs    []error
	stopped bool
}

// formatJob is one Go file to format: files[index], rendered from template name.
type formatJob struct {
	index   int
	name    string
	content []byte
}

// startFormatting starts the workers for a render of at most n files.
func startFormatting(n int) *formatting {
	f := &formatting{jobs: make(chan formatJob, n), out: make([][]byte, n), errs: make([]error, n)}
	format := formatFile
	for range runtime.GOMAXPROCS(0) {
		f.wg.Go(func() {
			for j := range f.jobs {
				f.out[j.index], f.errs[j.index] = format(j.name, j.content)
			}
		})
	}
	return f
}

// add queues files[index], rendered from template name, for formatting.
func (f *formatting) add(index int, name string, content []byte) {
	f.jobs <- formatJob{index, name, content}
}

// stop lets the workers end once the queued files are done; it may be called again.
func (f *formatting) stop() {
	if !f.stopped {
		f.stopped = true
		close(f.jobs)
	}
}

// wait waits for every queued file and puts the formatted content into files. Errors are
// reported in file order, so the result does not depend on scheduling.
func (f *formatting) wait(files []File) error {
	f.stop()
	f.wg.Wait()
	for i, out := range f.out[:len(files)] {
		if out != nil {
			files[i].Content = out
		}
	}
	return joinErrors(f.errs)
}

// boundedWriter counts what every template of one render writes, failing once the total
// passes the output limit or the render was abandoned.
type boundedWriter struct {
	left  int64
	limit int64 // the bound left started from, for the error
	stop  *atomic.Bool
	buf   *bytes.Buffer // the current template's output
}

func (w *boundedWriter) Write(p []byte) (int, error) {
	if w.stop.Load() {
		return 0, errors.New("render abandoned")
	}
	if int64(len(p)) > w.left {
		if w.limit%(1<<20) == 0 {
			return 0, fmt.Errorf("%w of %d MiB", ErrOutputLimit, w.limit>>20)
		}
		return 0, fmt.Errorf("%w of %d bytes", ErrOutputLimit, w.limit)
	}
	w.left -= int64(len(p))
	return w.buf.Write(p)
}

// templateSet parses and executes the templates of one render. Checking the function map
// is costly, so it is done once: templates that neither define nor call a named template
// share one set, and any other template is parsed in a copy of the pristine base, so that
// the names it defines or calls never meet another file's templates.
type templateSet struct {
	base   *template.Template // the function map; never holds a parsed template
	shared *template.Template // a copy of base with the templates that name no template
}

func newTemplateSet(budget *valueBudget) *templateSet {
	base := template.New("").Funcs(budget.funcs(FuncMap())).Option("missingkey=error")
	return &templateSet{base: base, shared: template.Must(base.Clone())}
}

// execute parses text as template name and executes it with data, through out.
func (s *templateSet) execute(name, text string, data Data, out *boundedWriter) ([]byte, error) {
	set := s.shared
	if namesTemplates(text) {
		var err error
		if set, err = s.base.Clone(); err != nil {
			return nil, fmt.Errorf("parse template: %w", err)
		}
	}
	t, err := set.New(name).Parse(text)
	if err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	var buf bytes.Buffer
	out.buf = &buf
	if err := t.Execute(out, data); err != nil {
		if errors.Is(err, ErrOutputLimit) || errors.Is(err, ErrValueLimit) {
			return nil, fmt.Errorf("render %s: %w", name, err)
		}
		return nil, fmt.Errorf("render: %w", err)
	}
	return buf.Bytes(), nil
}

// namesTemplates reports whether text may define or call a named template: whether an
// action starts with define, block or template (the keyword comes first in its action,
// after an optional trim marker and spaces). It may answer yes for text that does not.
func namesTemplates(text string) bool {
	for {
		i := strings.Index(text, "{{")
		if i < 0 {
			return false
		}
		text = strings.TrimLeft(text[i+2:], "- \t\r\n")
		for _, keyword := range []string{"define", "block", "template"} {
			if strings.HasPrefix(text, keyword) {
				return true
			}
		}
	}
}

// entry is a manifest entry and whether its template comes from the overlay.
type entry struct {
	Entry
	overlay bool
}

// withOverlay marks the entries whose template the overlay replaces and adds an entry for
// every other overlay template.
func withOverlay(files []Entry, overlay fs.FS) ([]entry, error) {
	out := make([]entry, 0, len(files))
	if overlay == nil {
		for _, e := range files {
			out = append(out, entry{Entry: e})
		}
		return out, nil
	}
	var names []string
	err := fs.WalkDir(overlay, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(p, ".tmpl") {
			return fmt.Errorf("overlay %s: template names end in .tmpl", p)
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read overlay: %w", err)
	}
	// An overlay template with an executable mode makes its output executable.
	executable := func(name string) bool {
		info, err := fs.Stat(overlay, name)
		return err == nil && info.Mode().Perm()&0o111 != 0
	}
	used := map[string]bool{}
	for _, e := range files {
		replaced := slices.Contains(names, e.TemplateName())
		used[e.TemplateName()] = used[e.TemplateName()] || replaced
		if replaced && executable(e.TemplateName()) {
			e.Mode = "0755"
		}
		out = append(out, entry{Entry: e, overlay: replaced})
	}
	for _, n := range names {
		if !used[n] {
			e := Entry{Path: strings.TrimSuffix(n, ".tmpl"), Template: n}
			if executable(n) {
				e.Mode = "0755"
			}
			out = append(out, entry{Entry: e, overlay: true})
		}
	}
	return out, nil
}
