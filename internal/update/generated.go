package update

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// Generated renders projects made by `gonew-prod new`. A request for the running
// binary's version (or for none) is rendered by the running engine and templates, the
// way `new` renders; any other version is rendered by that version's own `gonew-prod new`,
// fetched and built through the Go module proxy (`go mod download`, `go install
// MODULE/cmd/gonew-prod@VERSION`) and run in Dir.
type Generated struct {
	// Dir is the working directory: a preset named by a relative directory (in the record
	// or in the request) resolves from it, as it resolved for `gonew-prod new`.
	Dir string
	// Env is the environment of every go command and of fetched binaries: GOPROXY,
	// GOFLAGS, GONOSUMDB and the rest apply as they do for the user's builds.
	Env []string
	// Version is the running binary's module version, "(devel)" when unknown.
	Version string
	// Offline fetches from the module cache only, as `update --check` does.
	Offline bool
	// Timeout bounds a render by the running engine (generator.DefaultTimeout when zero).
	Timeout time.Duration
	// Log receives progress messages: fetching and building take a while.
	Log io.Writer
	// CheckPack, when set, checks what the running engine renders with a pack, as new
	// checks a pack's render before it writes it, for a request that moves the project to
	// a pack (Request.Preset) or turns on features of its own pack's (Request.Adding: add),
	// a choice the pack may leave open: c holds the render, or the error a render the pack
	// refuses failed with (a file the pack leaves out that a feature calls). Its error
	// refuses the render, so that update and add apply no pack render new would refuse;
	// for a failed render it returns the error to refuse with, one that says it for the
	// command, or nil to leave c.Err as the render's error. The notes it returns for a
	// render it lets through say what it could not check, and what of the pack the render
	// does not use (as new notes it); the render holds them (Render.Notes).
	CheckPack func(ctx context.Context, c PackCheck) (notes []string, err error)
}

// PackCheck is a render of the running engine with a pack that Generated.CheckPack
// checks.
type PackCheck struct {
	Request Request
	Pack    preset.Pack
	Answers answers.Answers // the answers the pack's project is rendered for
	Files   []generator.File
	// Err is the error the render failed with, nil when it rendered Files: one of the
	// pack's (a file it leaves out that the answers need, a template that fails), not of
	// the run (a timeout, an interrupt), which is returned as it is.
	Err error
	// Env is the environment of the go commands a check runs (the module cache as the only
	// proxy when Offline); nil when Err is set.
	Env []string
}

// Render renders the project req describes.
func (g Generated) Render(ctx context.Context, req Request) (Render, error) {
	if len(req.Record.Components) > 0 {
		return Render{}, fmt.Errorf("the project's record lists components retrofitted by gonew-prod add (%s), which the renderer of projects made by gonew-prod new cannot render", strings.Join(req.Record.Components, ", "))
	}
	if req.Preset == "" {
		if err := g.recordedPackDir(req); err != nil {
			return Render{}, &InputError{err}
		}
	}
	if current, err := g.Current(req); err != nil {
		return Render{}, err
	} else if current {
		return g.current(ctx, req)
	}
	if !semver.IsValid(req.Version) {
		return Render{}, fmt.Errorf("%w: gonew-prod %s is not a module version, so its templates cannot be fetched", ErrUnavailable, req.Version)
	}
	if req.Preset == "" && req.Record.Preset.Digest != "" && !req.TakePack {
		// The version fetched loads the pack itself: this one checks it is the recorded one.
		if _, err := g.pack(ctx, req); err != nil {
			return Render{}, err
		}
	}
	return g.fetched(ctx, req)
}

// Current reports whether req asks for the running binary's own version and templates
// (or names no version): what it renders needs nothing fetched.
func (g Generated) Current(req Request) (bool, error) {
	if req.Version == "" {
		return true, nil
	}
	hash, err := builtin.Hash()
	if err != nil {
		return false, err
	}
	return req.Version == g.Version && (req.Templates == "" || req.Templates == hash), nil
}

// current renders req with the running engine and templates.
func (g Generated) current(ctx context.Context, req Request) (Render, error) {
	pack, err := g.pack(ctx, req)
	if err != nil {
		return Render{}, err
	}
	data, err := answersFile(req.Record)
	if err != nil {
		return Render{}, err
	}
	layer, err := answers.ParseFile(generator.RecordFile, data)
	if err != nil {
		return Render{}, &InputError{err}
	}
	if req.Preset != "" {
		if err := otherModule(pack, req.Record.Answers.Module); err != nil {
			return Render{}, &InputError{err}
		}
		layer = underLocks(layer, pack)
	}
	a, _, err := pack.Resolve(layer)
	var ae *answers.Error
	if errors.As(err, &ae) && req.Preset == "" && slices.Contains(pack.Answers.Locked, ae.Key) && namesLock(ae, pack.Answers.Values[ae.Key].Raw) {
		// The project holds the value the pack locks, and that value is refused for a
		// reason of its own (a go newer than the running toolchain, features without ci
		// under the pack's own lock of a ci provider): neither the record nor the pack's lock
		// of that key changed, and the refusal says what to do for update.
		return Render{}, &InputError{fmt.Errorf("the recorded answers under preset %s: %w", pack.Name, recordedLock(ae, pack, req.Record.Preset.Source))}
	}
	if errors.As(err, &ae) && req.Preset == "" && len(req.Adding) > 0 && slices.Contains(pack.Answers.Locked, ae.Key) {
		return Render{}, &InputError{fmt.Errorf("preset %s (%s) locks %s to %s, so add cannot add %s to this project",
			pack.Name, req.Record.Preset.Source, ae.Key, answers.Display(pack.Answers.Values[ae.Key].Raw), strings.Join(req.Adding, ", "))}
	}
	if errors.As(err, &ae) && req.Preset == "" && slices.Contains(pack.Answers.Locked, ae.Key) && req.Record.Preset.Digest != "" && pack.Digest() == req.Record.Preset.Digest {
		// The pack has the recorded digest, so it locks what it locked when the record was
		// written: made by this gonew-prod, which holds the lock, the record's value was
		// edited since; made by another, the value may be one that one took.
		locked, recorded := pack.Answers.Values[ae.Key], ae.Value
		if v, ok := layer.Values[ae.Key]; ok {
			recorded = recordValue(v.Raw)
		}
		here, err := g.madeHere(req.Record)
		if err != nil {
			return Render{}, err
		}
		line := ae.Key + ": " + recordValue(locked.Raw)
		way := fmt.Sprintf("the record was edited since; restore the record's line to %s (or %s from git)", line, generator.RecordFile)
		if !here {
			way = fmt.Sprintf("gonew-prod %s made the project, and may have taken that value under the lock, which this gonew-prod holds: to take the locked value, move the project to the pack as it is, %s (the plan shows the change, and the new record holds %s); if you edited the record, restore the line to %s (or %s from git) instead",
				req.Record.Generator.Version, g.updateTo(req, "--preset", req.Record.Preset.Source), line, line, generator.RecordFile)
		}
		return Render{}, &InputError{fmt.Errorf("%s: %s is %s in %s, while preset %s (%s), the very pack the project was made from (its content has the digest %s records), locks it to %s (%s): %s",
			ae.Where, ae.Key, recorded, generator.RecordFile, pack.Name, req.Record.Preset.Source, generator.RecordFile, recordValue(locked.Raw), locked.Where, way)}
	}
	if errors.As(err, &ae) && req.Preset == "" && slices.Contains(pack.Answers.Locked, ae.Key) {
		// The record's own pack locks another value than the project was made with. With
		// another digest recorded, the pack changed since, and the record is not what to
		// edit. With none (a record written before digests were), that cannot be told:
		// made by this gonew-prod, which refuses a value against a lock, the pack changed
		// or the record was edited; made by another, that one may also have taken the
		// value under the lock.
		made := cmp.Or(ae.Value, "none recorded")
		src := req.Record.Preset.Source
		lock := answers.Display(pack.Answers.Values[ae.Key].Raw)
		back := packBack(src, "the new one", "the update then takes the locked value")
		if req.Record.Preset.Digest != "" {
			return Render{}, &InputError{fmt.Errorf("preset %s (%s) now locks %s to %s, not to the value the project was made with (%s): the pack changed since, and editing %s does not help; %s",
				pack.Name, src, ae.Key, lock, made, generator.RecordFile, back)}
		}
		here, err := g.madeHere(req.Record)
		if err != nil {
			return Render{}, err
		}
		way := fmt.Sprintf("if you edited %s, restore it from git; else the pack changed since, and editing %[1]s does not help; %s", generator.RecordFile, back)
		if !here {
			if !strings.Contains(src, "@") {
				back = "if the pack changed since, " + back
			}
			way = fmt.Sprintf("gonew-prod %s made the project, and may have taken that value under the lock, which this gonew-prod holds: to take the locked value, move the project to the pack as it is, %s (the plan shows the change, and the new record holds %s: %s); %s; if you edited %s, restore it from git instead",
				req.Record.Generator.Version, g.updateTo(req, "--preset", src), ae.Key, recordValue(pack.Answers.Values[ae.Key].Raw), back, generator.RecordFile)
		}
		return Render{}, &InputError{fmt.Errorf("preset %s (%s) locks %s to %s, not to the value the project was made with (%s), and %s holds no digest of the pack to tell whether the pack changed since: %s",
			pack.Name, src, ae.Key, lock, made, generator.RecordFile, way)}
	}
	if errors.As(err, &ae) && req.Preset == "" && ae.Locked != "" && ae.Advice != "" {
		// A value the record holds for a key its own pack leaves open, refused by the
		// pack's lock of another (features without ci under a locked ci provider): new's
		// way on names the value to change, the record's, whose edit update refuses.
		here, err := g.madeHere(req.Record)
		if err != nil {
			return Render{}, err
		}
		return Render{}, &InputError{fmt.Errorf("the recorded answers under preset %s: %w", pack.Name, otherKeyLock(ae, pack, req.Record, here, g.dirFlag(req)))}
	}
	if errors.As(err, &ae) && req.Preset != "" && ae.Key == answers.KeyModule && pack.CheckModule(ae.Value) != nil {
		return Render{}, &InputError{outsidePrefix(pack, ae.Value)}
	}
	if errors.As(err, &ae) && req.Preset != "" && ae.Locked != "" {
		here, err := g.madeHere(req.Record)
		if err != nil {
			return Render{}, err
		}
		return Render{}, &InputError{g.needsCI(pack, req, ae.Locked, here)}
	}
	if err != nil {
		return Render{}, &InputError{fmt.Errorf("the recorded answers under preset %s: %w", pack.Name, err)}
	}
	if req.Preset != "" {
		// A new pack that locks another port gives the project a new default, which
		// new's port rule holds; a port the project was made with stays as it is, and
		// one it records (an admin port, for a later add pprof) is held as given.
		if err := answers.CheckChangedPorts(a, req.Record.Answers, pack.Answers, layer); err != nil {
			return Render{}, &InputError{fmt.Errorf("preset %s: %w", pack.Name, err)}
		}
	}
	p := pack.Project(a, g.Version)
	p.Limits.Timeout = g.Timeout
	files, err := generator.Render(ctx, p)
	check := g.CheckPack != nil && (req.Preset != "" || len(req.Adding) > 0)
	stop := errors.Is(err, context.Canceled) || errors.Is(err, generator.ErrTimeout)
	if err != nil && check && !stop {
		if _, err := g.CheckPack(ctx, PackCheck{Request: req, Pack: pack, Answers: a, Err: err}); err != nil {
			return Render{}, err
		}
	}
	var notes []string
	switch {
	case err != nil && !stop && (p.Preset.Overlay != nil || errors.As(err, new(*generator.RemoveError))):
		// As new says it: the pack's own templates, or a file it leaves out, fail.
		return Render{}, &InputError{fmt.Errorf("preset %s: %w", pack.Name, err)}
	case err != nil:
		return Render{}, err
	case check:
		env, err := g.goEnv(ctx)
		if err != nil {
			return Render{}, err
		}
		if notes, err = g.CheckPack(ctx, PackCheck{Request: req, Pack: pack, Answers: a, Files: files, Env: env}); err != nil {
			return Render{}, err
		}
	}
	i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == generator.RecordFile })
	if i < 0 {
		return Render{}, fmt.Errorf("render: no %s rendered", generator.RecordFile)
	}
	rec, err := generator.ParseRecord(generator.RecordFile, files[i].Content)
	if err != nil {
		return Render{}, err
	}
	return Render{Record: *rec, Files: slices.Delete(files, i, i+1), Notes: notes}, nil
}

// outsidePrefix refuses a move to pack, which locks a module prefix that mod, the
// project's module (go.mod's), is not under, saying how to go on: the record is not what
// to edit (CheckBase refuses that), go.mod is, which update reads (renamed).
func outsidePrefix(pack preset.Pack, mod string) error {
	prefix := strings.TrimSuffix(pack.ModulePrefix, "/")
	lock := "module_prefix is locked"
	if at := pack.ModulePrefixAt(); at != "" {
		lock += ", " + at
	}
	name := mod
	if p, major, ok := module.SplitPathVersion(mod); ok {
		name = path.Base(p) + major
	}
	return fmt.Errorf("the project's module %s is not under %s/, which preset %s requires (%s): %s",
		mod, prefix, pack.Name, lock, renameModule(prefix+"/"+name))
}

// renameModule is the way on from a pack that needs the project's module to be to: the
// module is renamed in go.mod, which update reads, not in the record.
func renameModule(to string) string {
	return fmt.Sprintf("rename the module in go.mod (go mod edit -module %s) and the imports of its packages with it, commit, and run the update again: it reads the module from go.mod, and the new record takes it (not from %s, whose edit it refuses)",
		to, generator.RecordFile)
}

// otherModule refuses a move to pack when it locks module to another path than mod, the
// project's module (go.mod's): the render would rename the module in go.mod alone, and
// the files of the user's that import the project's packages by mod would no longer
// build. As outsidePrefix, it says how to go on: rename the module in go.mod, which
// update reads (renamed), with the imports.
func otherModule(pack preset.Pack, mod string) error {
	lock, ok := pack.Answers.Values[answers.KeyModule]
	if !ok || !slices.Contains(pack.Answers.Locked, answers.KeyModule) || lock.Raw == mod {
		return nil
	}
	return fmt.Errorf("the project's module is %s, and preset %s locks module to %v (%s): %s",
		mod, pack.Name, lock.Raw, lock.Where, renameModule(fmt.Sprint(lock.Raw)))
}

// packBack is the way on from the record's own pack at src when it no longer lets the
// update render the project as it was made: put the version the project was made from
// back there, and pass next (the new one) with --preset, which then does what takes says;
// for a pack module version, retagged's.
func packBack(src, next, takes string) string {
	if strings.Contains(src, "@") {
		return retagged(src)
	}
	return fmt.Sprintf("put the pack the project was made from back at %s, and pass %s with --preset NEWPATH (%s)", src, next, takes)
}

// recordedLock returns ae, a refusal of the value the record holds for a key that its own
// pack (at src) locks to that very value, with update's way on in place of new's ("remove
// this value or use another preset": the value is the record's, whose edit update refuses,
// and the update renders the project as it was made, under that pack, whatever --preset
// names): a go newer than the running toolchain needs a gonew-prod built with a newer Go;
// locks of the pack that refuse each other (features without ci and a ci provider, ci
// none and features with ci) need a version of the pack whose locks agree.
func recordedLock(ae *answers.Error, pack preset.Pack, src string) *answers.Error {
	out := *ae
	edit := fmt.Sprintf("editing %s does not help, update refuses a record edited by hand", generator.RecordFile)
	switch {
	case ae.Advice == "":
		// A reason of its own, with its own way on: nothing of new's to replace.
	case ae.Key == answers.KeyGo:
		out.Advice = fmt.Sprintf(": use a gonew-prod built with Go %s or newer (%s holds go %s, as preset %s locks it; %s)", ae.Value, generator.RecordFile, ae.Value, pack.Name, edit)
	case ae.Locked != "":
		out.Advice = fmt.Sprintf("; %s holds the %s preset %s locks, whose locks of %s and %s refuse each other, and %s; %s", generator.RecordFile, ae.Key, pack.Name, ae.Key, ae.Locked, edit,
			packBack(src, fmt.Sprintf("a version of it whose locks of %s and %s agree", ae.Key, ae.Locked), "the update then takes its locked values"))
	}
	return &out
}

// namesLock reports whether ae names lock, the value a pack locks ae.Key to, as the value
// it refuses: as messages name it (answers.Display: docker,ci for a list), a list in any
// order (Resolve names the features in the manifest's order, a pack may lock another).
func namesLock(ae *answers.Error, lock any) bool {
	if k, ok := answers.Lookup(ae.Key); ok && k.Kind == answers.Set {
		var items []string // none for "", the empty list
		if ae.Value != "" {
			items = strings.Split(ae.Value, ",")
		}
		return k.Equal(lock, items)
	}
	return answers.Display(lock) == ae.Value
}

// otherKeyLock returns ae, a refusal of the value the record rec holds for a key its own
// pack leaves open, by the pack's lock of another key (ae.Locked), with update's way on in
// place of new's. Rendered by another gonew-prod than the one that made the project (here
// false), whose base the maker rendered, the rule is the renderer's: the gonew-prod that
// made the project adds CI (this one's add refuses a project made by another version; dir
// is the --dir flag it needs, as dirFlag returns it),
// which makes the record agree with the lock. Rendered by the maker, which would have
// refused the value, the record was edited since (the pack has the recorded digest), or
// the pack changed since.
func otherKeyLock(ae *answers.Error, pack preset.Pack, rec *generator.Record, here bool, dir string) *answers.Error {
	out := *ae
	made, digest := rec.Generator.Version, rec.Preset.Digest
	changed := "the pack changed since, and editing " + generator.RecordFile + " does not help; " + packBack(rec.Preset.Source, "the new one", "the update then says how to go on")
	switch {
	case !here:
		with := fmt.Sprintf("go install %s/cmd/gonew-prod@%s, then %s", Module, made, addCI(pack, ae.Locked, dir))
		if !semver.IsValid(made) { // a development build: no release to install
			with = fmt.Sprintf("gonew-prod %s, as %s records it, then %s", made, generator.RecordFile, addCI(pack, ae.Locked, dir))
		}
		out.Advice = fmt.Sprintf("; add CI first with the gonew-prod that made the project (%s), commit, and run the update again; editing %s does not do it, update refuses a record edited by hand",
			with, generator.RecordFile)
	case digest != "" && digest == pack.Digest():
		out.Advice = fmt.Sprintf("; preset %s is the very pack the project was made from (its content has the digest %s records), so the record was edited since; restore %[2]s from git", pack.Name, generator.RecordFile)
	case digest != "":
		out.Advice = "; " + changed
	default:
		out.Advice = fmt.Sprintf("; if you edited %s, restore it from git; else %s", generator.RecordFile, changed)
	}
	return &out
}

// addCI returns the add command (with dir, the --dir flag it needs, as dirFlag returns
// it) that gives the project CI as the lock of pack on key (ci to a provider, or features
// holding ci) needs it: the locked provider, else the pack's own, else either.
func addCI(pack preset.Pack, key, dir string) string {
	lock := pack.Answers.Values[key]
	if key == answers.KeyCI {
		return fmt.Sprintf("gonew-prod add%s --ci %v ci", dir, lock.Raw)
	}
	if ci, ok := pack.Answers.Values[answers.KeyCI]; ok && ci.Raw != "none" {
		return fmt.Sprintf("gonew-prod add%s --ci %v ci", dir, ci.Raw) // the pack's own provider
	}
	return "gonew-prod add" + dir + " --ci github ci, or --ci gitlab"
}

// needsCI refuses a move to pack, whose lock on key (ci to a provider, or features holding
// ci) needs the ci feature, which the project of req, made as its record says, is without;
// it says how to go on: add CI first, which records the feature with its files (not an
// edit of the record, which update refuses). The add is this gonew-prod's, which adds only
// to a project of its own version: where another made the project (here false), the
// update to this version, keeping the project's pack, comes first.
func (g Generated) needsCI(pack preset.Pack, req Request, key string, here bool) error {
	made := req.Record.Answers
	lock := pack.Answers.Values[key]
	var without, locks string
	if key == answers.KeyCI {
		without = fmt.Sprintf("without the ci feature (features %s)", answers.Display(made.Features))
		locks = fmt.Sprintf("ci to %v (%s), which needs the ci feature", lock.Raw, lock.Where)
	} else {
		without = "without CI (ci none)"
		locks = fmt.Sprintf("the features %s (%s), whose ci feature needs a CI provider", answers.Display(lock.Raw), lock.Where)
	}
	way := fmt.Sprintf("add CI first (%s), commit, and run the update again", addCI(pack, key, g.dirFlag(req)))
	if !here {
		way = fmt.Sprintf("add CI first: this gonew-prod adds only to a project of its own version, and gonew-prod %s made this one, so bring it to this version first, keeping its pack (%s), commit, then add CI (%s), commit, and run the update again",
			req.Record.Generator.Version, g.updateTo(req), addCI(pack, key, g.dirFlag(req)))
	}
	return fmt.Errorf("the project was made %s, as %s records, and preset %s locks %s: %s, or use another preset; editing %s does not do it, update refuses a record edited by hand",
		without, generator.RecordFile, pack.Name, locks, way, generator.RecordFile)
}

// underLocks returns the recorded answers layer without the values pack locks: moving to
// a pack (or a version of it) that locks a value, the project takes the locked value, as
// it would have been made with it. A locked ci none takes the ci feature out of the
// recorded features as well (no provider means no CI, as new leaves it out of features
// nobody asked for by name), unless features are locked too. The base still renders the
// recorded answers under the recorded pack, so the change shows in the plan and in the new
// record.
func underLocks(layer answers.Layer, pack preset.Pack) answers.Layer {
	values := maps.Clone(layer.Values)
	for _, key := range pack.Answers.Locked {
		if _, locks := pack.Answers.Values[key]; locks {
			delete(values, key)
		}
	}
	if ci := pack.Answers.Values[answers.KeyCI]; ci.Raw == "none" && slices.Contains(pack.Answers.Locked, answers.KeyCI) {
		if f, ok := values[answers.KeyFeatures]; ok {
			f.Raw = answers.ProvidedFeatures(f.Raw.([]string), "none")
			values[answers.KeyFeatures] = f
		}
	}
	layer.Values = values
	return layer
}

// pack loads the preset req renders with: req.Preset, else the record's. A pack that
// cannot be fetched makes the version unavailable; anything else wrong with it is the
// user's input.
func (g Generated) pack(ctx context.Context, req Request) (preset.Pack, error) {
	r := preset.Resolver{Dir: g.Dir, Env: g.Env}
	if preset.IsModuleRef(cmp.Or(req.Preset, req.Record.Preset.Source)) {
		// A module pack: fetched with go mod download.
		env, err := g.goEnv(ctx)
		if err != nil {
			return preset.Pack{}, err
		}
		r.Env = env
	}
	var (
		p   preset.Pack
		err error
	)
	if req.Preset != "" {
		p, err = r.Resolve(ctx, req.Preset)
	} else {
		p, err = r.Recorded(ctx, req.Record.Preset)
	}
	var fe *preset.FetchError
	switch {
	case errors.As(err, &fe):
		return p, fmt.Errorf("%w: %w", ErrUnavailable, err)
	case err != nil:
		return p, &InputError{err}
	case req.Preset == "" && !req.TakePack:
		if err := g.recordedDigest(ctx, req, p); err != nil {
			return p, &InputError{err}
		}
	}
	return p, nil
}

// recordValue is the answer v as the record's line writes it, on one line that YAML
// reads back as v: a string plain where that reads back as the string, else quoted
// ("1.26", "yes", "a: b"); a list in YAML's flow style, [docker, otel] (fmt's
// [docker otel] reads in YAML as the one item "docker otel"), each item so, quoted too
// where the list would split or end it ("a, b", "x]").
func recordValue(v any) string {
	switch v := v.(type) {
	case string:
		return yamlString(v, false)
	case []string:
		items := make([]string, len(v))
		for i, s := range v {
			items[i] = yamlString(s, true)
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// yamlString returns s as a YAML string on one line, the value of a key or, when inList,
// an item of a flow list: as it is where YAML reads that back as the string s, else in
// double quotes, whose escapes (\n, \", \u2028) Go's strconv.Quote and YAML share.
func yamlString(s string, inList bool) string {
	text := "k: " + s
	if inList {
		text = "k: [" + s + "]"
	}
	var doc yaml.Node
	if !strings.ContainsAny(s, "\n\r") && yaml.Unmarshal([]byte(text), &doc) == nil && len(doc.Content) == 1 && len(doc.Content[0].Content) == 2 {
		n := doc.Content[0].Content[1]
		if inList && n.Kind == yaml.SequenceNode && len(n.Content) == 1 {
			n = n.Content[0]
		}
		if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Style == 0 && n.Value == s {
			return s
		}
	}
	return strconv.Quote(s)
}

// recordedDigest refuses p, the pack the record of req names as found now, when its
// content is not what the record's digest says the project was made from: the pack
// changed where the record points (a directory pack records no version of its files),
// or the path leads from here to another pack of that name; a render with it would take
// its templates silently. A record without a digest (written before digests were
// recorded, or of a built-in pack) is taken as it is. The refusal says how to take the
// pack as found: move the project to it with update --preset, whose record then holds
// its digest; and, where the path leads to the recorded pack from the project's
// directory or one above it (the directory new ran in, recordedPackAbove), to run from
// there first.
func (g Generated) recordedDigest(ctx context.Context, req Request, p preset.Pack) error {
	rp := req.Record.Preset
	if rp.Digest == "" || p.Digest() == rp.Digest {
		return nil
	}
	at := rp.Source
	if preset.IsDirectoryRef(rp.Source) && !filepath.IsAbs(rp.Source) {
		at = filepath.Join(g.Dir, rp.Source)
	}
	// moveTo is the command that moves the project to the pack source.
	moveTo := func(source string) string {
		cmd := "gonew-prod update" + g.dirFlag(req) + " --preset " + generator.ShellQuote(source)
		if len(req.Command) > 0 && req.Command[0] != "update" {
			cmd += ", then run " + req.Command[0] + " again"
		}
		return cmd
	}
	take := moveTo(rp.Source)
	why := "the pack changed there since the project was made (or last updated) from it, or the path leads from here to another pack of that name"
	ways := "put the pack the project was made from back there and run again (to move the project to the other one then, give it from another directory: gonew-prod update --preset NEWDIR); or take the pack as it is there now: " + take
	if preset.IsModuleRef(rp.Source) {
		// A module version has no place to put a pack back in: its content comes from the
		// proxy, through the module cache.
		module, version, _ := strings.Cut(rp.Source, "@")
		_, sub, _ := strings.Cut(version, "/")
		next := module + "@NEWVERSION"
		if sub != "" {
			next += "/" + sub
		}
		why = "the module version was published again with other content (a re-tagged private module, fetched without the checksum database under GONOSUMDB or GOPRIVATE), or the module cache here was edited (writable under GOFLAGS=-modcacherw)"
		ways = fmt.Sprintf("where the module cache was edited, run go clean -modcache and run again, which fetches the version anew; where the version was published again, ask the pack's owners to restore it and publish changes as a new version, then move the project to that one (%s); or take the pack as it is fetched now: %s", moveTo(next), take)
	}
	if d, ok := g.recordedPackAbove(ctx, req, at); ok {
		run, err := g.runFrom(d, req)
		if err != nil {
			return err
		}
		why = "the path leads from here to another pack of that name"
		ways = fmt.Sprintf("the pack the project was made from is at %s, where the path leads from %s, the directory it is relative to (where gonew-prod ran when it wrote the record): run %s from there, %s; or, to move the project to the pack found here, %s", filepath.Join(d, rp.Source), d, commandName(req), run, take)
	}
	return fmt.Errorf("preset %s found at %s is not the pack the project was made from: its content (preset.yaml and overlay, with the packs it extends) has the digest %s, and %s records %s: %s; %s (its base is rendered with the pack as found, so this works while the pack writes the files the record holds as they are)",
		rp.Name, at, p.Digest(), generator.RecordFile, rp.Digest, why, ways)
}

// recordedPackAbove returns the directory, the project's (req.Dir) or one above it, from
// which the relative path of the recorded directory pack leads to a pack of the recorded
// digest, other than the one found at at, and whether one does: the path is relative to
// where gonew-prod ran when it wrote the record (see recordedPackDir), and another pack
// of that name may sit where it leads from here.
func (g Generated) recordedPackAbove(ctx context.Context, req Request, at string) (string, bool) {
	rp := req.Record.Preset
	if req.Dir == "" {
		return "", false
	}
	for from := req.Dir; ; {
		d, ok := preset.RecordedFrom(rp.Source, from)
		if !ok {
			return "", false
		}
		if filepath.Join(d, rp.Source) != at {
			p, err := preset.Resolver{Dir: d, Env: g.Env}.Recorded(ctx, rp)
			if err == nil && p.Digest() == rp.Digest {
				return d, true
			}
		}
		if filepath.Dir(d) == d {
			return "", false
		}
		from = filepath.Dir(d)
	}
}

// runFrom returns the command line that runs req's command (update for none) from dir, a
// directory above the project's: cd DIR && gonew-prod CMD --dir REL ARGS, a relative
// --preset=PATH of it given as it leads from dir.
func (g Generated) runFrom(dir string, req Request) (string, error) {
	rel, err := filepath.Rel(dir, req.Dir)
	if err != nil {
		return "", err
	}
	rest := ""
	for _, arg := range req.Command[min(1, len(req.Command)):] {
		rest += " " + generator.ShellQuote(g.presetFrom(dir, arg))
	}
	return fmt.Sprintf("cd %s && gonew-prod %s --dir %s%s", generator.ShellQuote(dir), commandName(req), generator.ShellQuote(rel), rest), nil
}

// dirFlag returns the --dir flag (with a space before it) that a command run from the
// working directory needs to work on the project of req, "" for none.
func (g Generated) dirFlag(req Request) string {
	if rel, err := filepath.Rel(g.Dir, req.Dir); err == nil && req.Dir != "" && rel != "." {
		return " --dir " + generator.ShellQuote(rel)
	}
	return ""
}

// updateTo returns the update command line, with args, that brings the project of req to
// the version the running binary renders, from the working directory: a development
// build, which update moves a project onto only when told, is named by --to devel.
func (g Generated) updateTo(req Request, args ...string) string {
	cmd := "gonew-prod update" + g.dirFlag(req)
	if !semver.IsValid(g.Version) {
		cmd += " --to devel"
	}
	for _, a := range args {
		cmd += " " + generator.ShellQuote(a)
	}
	return cmd
}

// madeHere reports whether the running binary, its version with its templates, made the
// project rec records (or last updated it), as Current tells a request for that version
// apart: a render by the running binary of a project another made holds this one's rules
// (the locks it holds, the answers it refuses), not necessarily the maker's.
func (g Generated) madeHere(rec *generator.Record) (bool, error) {
	return g.Current(Request{Version: rec.Generator.Version, Templates: rec.Generator.Templates})
}

// commandName returns the command req renders for (Request.Command): update for none.
func commandName(req Request) string {
	if len(req.Command) == 0 {
		return "update"
	}
	return req.Command[0]
}

// recordedPackDir refuses a record whose preset pack is a directory that is not where
// its path leads from Dir. A relative path in the record is relative to the directory
// gonew-prod ran in when it wrote the record, which Dir need not be (update run from
// inside the project): when the path leads to the pack from the project's directory or
// one above it, the refusal names that directory to run update from.
func (g Generated) recordedPackDir(req Request) error {
	src := req.Record.Preset.Source
	if src == "" || src == preset.SourceBuiltin || preset.IsModuleRef(src) {
		return nil
	}
	at := src
	if !filepath.IsAbs(src) {
		at = filepath.Join(g.Dir, src)
	}
	if _, err := os.Stat(at); !errors.Is(err, fs.ErrNotExist) {
		return nil // there, or a problem the pack's loader names
	}
	if filepath.IsAbs(src) || req.Dir == "" {
		return fmt.Errorf("the record names preset pack %s, which update needs and which is not there: put the pack back at %s and run update again", src, at)
	}
	if d, ok := preset.RecordedFrom(src, req.Dir); ok {
		run, err := g.runFrom(d, req)
		if err != nil {
			return err
		}
		command := commandName(req)
		return fmt.Errorf("the record names preset pack %s, a path relative to where gonew-prod ran when it wrote the record; %s needs that pack, which is not at %s but at %s: run %s from there, %s",
			src, command, at, filepath.Join(d, src), command, run)
	}
	return fmt.Errorf("the record names preset pack %s, a path relative to where gonew-prod ran when it wrote the record; update needs that pack, which is not at %s, nor at that path from %s or a directory above it: run update from the directory the path is relative to (with --dir), or put the pack back there", src, at, req.Dir)
}

// presetFrom returns arg, a word of the command line run in g.Dir, as it is to be given
// in dir: a --preset=PATH flag of a relative directory pack leads there from dir. Any
// other word means the same in either directory (--dir is given apart, and the other
// paths of update and add are relative to it).
func (g Generated) presetFrom(dir, arg string) string {
	ref, ok := strings.CutPrefix(arg, "--preset=")
	if !ok || !preset.IsDirectoryRef(ref) || filepath.IsAbs(ref) {
		return arg
	}
	rel, err := filepath.Rel(dir, filepath.Join(g.Dir, ref))
	if err != nil {
		return "--preset=" + filepath.Join(g.Dir, ref)
	}
	if rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		rel = "." + string(filepath.Separator) + rel
	}
	return "--preset=" + rel
}

// answersFile returns the record reduced to what `gonew-prod new --answers` replays (the
// generator, the preset and the answers), which every version reads.
func answersFile(rec *generator.Record) ([]byte, error) {
	f, err := generator.Record{Generator: rec.Generator, Preset: rec.Preset, Answers: rec.Answers}.Encode()
	return f.Content, err
}

// goEnv is the environment of go commands: the user's, outside any workspace, and, when
// offline, with the module cache as the only proxy. (GOPROXY=off would do, but
// `go install MODULE@VERSION` then fails looking up the module's deprecation.)
func (g Generated) goEnv(ctx context.Context) ([]string, error) {
	env := append(slices.Clone(g.Env), "GOWORK=off")
	if !g.Offline {
		return env, nil
	}
	out, err := runGo(ctx, os.TempDir(), env, "env", "GOMODCACHE")
	if err != nil {
		return nil, err
	}
	cache := filepath.Join(strings.TrimSpace(string(out)), "cache", "download")
	return append(env, "GOPROXY=file://"+filepath.ToSlash(cache)), nil
}

func (g Generated) logf(format string, args ...any) {
	if g.Log != nil {
		fmt.Fprintf(g.Log, format+"\n", args...)
	}
}

// Fetched is a gonew-prod binary of another version, fetched and built through the Go
// module proxy into a temporary directory of its own.
type Fetched struct {
	Version string
	// Bin is the built binary.
	Bin string
	// Dir is the temporary directory holding it, where the caller may put the files it
	// runs the binary with; Close removes it.
	Dir string
	// Env is the environment to run the binary with: the go commands' (outside any
	// workspace, the module cache as the only proxy when offline).
	Env []string
	// release removes Dir, which scratch.Dir holds in use until then.
	release func()
}

// Close removes the binary and its directory.
func (f *Fetched) Close() { f.release() }

// FetchPrefix begins the names of the directories under TMPDIR that hold a build of
// another version of gonew-prod, which update renders with.
const FetchPrefix = "gonew-prod-update-"

// Fetch fetches and builds gonew-prod at version (`go mod download`, then `go install
// MODULE/cmd/gonew-prod@VERSION` into a temporary directory), from the module cache only
// when g is offline. A copy of the binary an earlier fetch of version installed, kept in
// the user's cache directory (cachedBin), seeds the temporary directory, so that go
// install, which finds it up to date, need not link it again (go install replaces one
// that is not). A version that cannot be fetched or built is unavailable
// (ErrUnavailable). The caller closes the result.
func (g Generated) Fetch(ctx context.Context, version string) (*Fetched, error) {
	if !semver.IsValid(version) {
		return nil, fmt.Errorf("%w: gonew-prod %s is not a module version, so it cannot be fetched", ErrUnavailable, version)
	}
	// Marked in use (scratch.Dir): a run killed outright leaves the build, for the next
	// add, update or new to remove.
	tmp, release, err := scratch.Dir("", FetchPrefix)
	if err != nil {
		return nil, fmt.Errorf("fetch gonew-prod %s: %w", version, err)
	}
	f := &Fetched{Version: version, Dir: tmp, release: release}
	if err := g.fetch(ctx, f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func (g Generated) fetch(ctx context.Context, f *Fetched) error {
	mod := Module + "@" + f.Version
	goEnv, err := g.goEnv(ctx)
	if err != nil {
		return err
	}
	from, install, err := g.fetchFrom(ctx, goEnv, f.Version)
	if err != nil {
		return err
	}
	g.logf("%s", from)
	if _, err := runGo(ctx, f.Dir, goEnv, "mod", "download", "-json", mod); err != nil {
		return fmt.Errorf("%w: fetch %s: %w", ErrUnavailable, mod, err)
	}
	// A fresh GOBIN would make go install link the binary again on every fetch; the copy
	// of one an earlier fetch installed (seedBin), when go finds it up to date, spares it.
	bin, cached := filepath.Join(f.Dir, "bin"), cachedBin(g.Env, f.Version)
	exe := filepath.Join(bin, binName)
	seeded := os.Mkdir(bin, 0o755) == nil && seedBin(cached, exe)
	_, err = runGo(ctx, f.Dir, append(install, "GOBIN="+bin), "install", Module+"/cmd/gonew-prod@"+f.Version)
	if err != nil && seeded && ctx.Err() == nil && os.Remove(exe) == nil {
		// No seed fails a fetch: go install refuses to replace a file it takes for no
		// binary ("not an object file"), which a cache written by other means may hold.
		_, err = runGo(ctx, f.Dir, append(install, "GOBIN="+bin), "install", Module+"/cmd/gonew-prod@"+f.Version)
	}
	if err != nil {
		return fmt.Errorf("%w: build %s: %w", ErrUnavailable, mod, err)
	}
	f.Bin, f.Env = exe, goEnv
	// Always run from f.Dir, never from the cache, which another run may be replacing.
	keepBin(f.Bin, cached)
	return nil
}

// fetchFrom says where fetch's go commands, run with env (goEnv's), take Module at
// version from, as the progress line, and returns the environment of its go install.
// go mod download takes a version the module cache has from there, else it fetches it
// from the module's repository when GONOPROXY (GOPRIVATE) names the module (GOPROXY=off
// too), else as GOPROXY says: through a module proxy, from the repository (direct), or,
// off, not at all. go install MODULE@VERSION then looks up the module's deprecation (its
// latest version's go.mod), which GOPROXY=off refuses: it is read from the module cache
// (as offline), which the download of the version filled. It also refuses -mod=vendor in
// GOFLAGS, which is for the user's module, not for a build outside any module (as here):
// -mod=mod after it overrides it.
func (g Generated) fetchFrom(ctx context.Context, env []string, version string) (from string, install []string, err error) {
	out, err := runGo(ctx, os.TempDir(), env, "env", "-json", "GOPROXY", "GONOPROXY", "GOFLAGS", "GOMODCACHE")
	if err != nil {
		return "", nil, err
	}
	var v struct{ GOPROXY, GONOPROXY, GOFLAGS, GOMODCACHE string }
	if err := json.Unmarshal(out, &v); err != nil {
		return "", nil, fmt.Errorf("go env -json: %w", err)
	}
	install = slices.Clone(env)
	if repo.GOFLAG(v.GOFLAGS, "mod") == "vendor" {
		install = append(install, "GOFLAGS="+v.GOFLAGS+" -mod=mod")
	}
	if g.Offline { // goEnv made the module cache the only proxy
		return fmt.Sprintf("building gonew-prod %s from the module cache to render it", version), install, nil
	}
	first, _, _ := strings.Cut(v.GOPROXY, ",")
	first, _, _ = strings.Cut(first, "|")
	fetching := fmt.Sprintf("fetching and building gonew-prod %s to render it: from the module cache, else ", version)
	switch {
	case module.MatchPrefixPatterns(v.GONOPROXY, Module):
		return fetching + "from its repository (GONOPROXY or GOPRIVATE names " + Module + ", so no module proxy is asked)", install, nil
	case first == "off":
		cache := filepath.Join(v.GOMODCACHE, "cache", "download")
		return fmt.Sprintf("building gonew-prod %s from the module cache to render it (GOPROXY=off: nothing is fetched)", version), append(install, "GOPROXY=file://"+filepath.ToSlash(cache)), nil
	case first == "direct":
		return fetching + "from its repository (GOPROXY=direct)", install, nil
	}
	return fetching + "through the module proxy", install, nil
}

// fetched renders req with the `gonew-prod new` of version req.Version.
func (g Generated) fetched(ctx context.Context, req Request) (Render, error) {
	bin, err := g.Fetch(ctx, req.Version)
	if err != nil {
		return Render{}, err
	}
	defer bin.Close()
	tmp, goEnv := bin.Dir, bin.Env
	data, err := answersFile(req.Record)
	if err != nil {
		return Render{}, err
	}
	answersPath := filepath.Join(tmp, "answers.yaml")
	if err := os.WriteFile(answersPath, data, 0o600); err != nil {
		return Render{}, fmt.Errorf("render gonew-prod %s: %w", req.Version, err)
	}
	out := filepath.Join(tmp, "out")
	args := []string{"new", "--yes", "--no-tidy", "--no-git", "--answers", answersPath}
	if req.Preset != "" {
		args = append(args, "--preset", req.Preset)
	}
	cmd := exec.CommandContext(ctx, bin.Bin, append(args, out)...)
	cmd.Dir = g.Dir
	cmd.Env = goEnv
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		err = fmt.Errorf("gonew-prod %s new: %w: %s", req.Version, err, oneLine(output.String()))
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 2 {
			return Render{}, &InputError{err}
		}
		return Render{}, err
	}
	return readRender(out, req.Version)
}

// readRender reads what `gonew-prod new` wrote into dir, checking every file against the
// record it wrote.
func readRender(dir, version string) (Render, error) {
	tree := os.DirFS(dir)
	data, err := ReadRecord(tree)
	if err != nil || data == nil {
		return Render{}, fmt.Errorf("gonew-prod %s new wrote no readable %s: %v", version, generator.RecordFile, err)
	}
	rec, err := generator.ParseRecord("the "+generator.RecordFile+" of gonew-prod "+version, data)
	if err != nil {
		return Render{}, err
	}
	if rec.Generator.Version != version {
		return Render{}, fmt.Errorf("gonew-prod %s recorded its version as %s", version, rec.Generator.Version)
	}
	r := Render{Record: *rec}
	for _, e := range rec.Files {
		content, mode, err := look(tree, e.Path)
		switch {
		case err != nil:
			return Render{}, err
		case content == nil:
			return Render{}, fmt.Errorf("gonew-prod %s recorded %s but did not write it", version, e.Path)
		case generator.Sum(content) != e.SHA256:
			return Render{}, fmt.Errorf("gonew-prod %s wrote %s with another checksum than it recorded", version, e.Path)
		}
		r.Files = append(r.Files, generator.File{Path: e.Path, Mode: mode, Owner: e.Owner, Content: content})
	}
	slices.SortFunc(r.Files, func(a, b generator.File) int { return strings.Compare(a.Path, b.Path) })
	return r, nil
}

// LatestPrefix begins the names of the directories under TMPDIR that Latest runs the go
// command in (scratch.Dir).
const LatestPrefix = "gonew-prod-latest-"

// Latest returns the latest version of gonew-prod the module proxy knows.
func Latest(ctx context.Context, env []string) (string, error) {
	tmp, release, err := scratch.Dir("", LatestPrefix)
	if err != nil {
		return "", fmt.Errorf("find the latest gonew-prod: %w", err)
	}
	defer release()
	out, err := runGo(ctx, tmp, append(slices.Clone(env), "GOWORK=off"), "list", "-m", "-json", Module+"@latest")
	if err != nil {
		return "", fmt.Errorf("find the latest gonew-prod: %w", err)
	}
	var m struct{ Version string }
	if err := json.Unmarshal(out, &m); err != nil || !semver.IsValid(m.Version) {
		return "", fmt.Errorf("find the latest gonew-prod: go list printed no version: %s", oneLine(string(out)))
	}
	return m.Version, nil
}

// runGo runs the go command in dir and returns its standard output.
func runGo(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := stderr.String()
		// `go mod download -json` and `go list -json` report on stdout.
		var e struct{ Error string }
		if json.Unmarshal(stdout.Bytes(), &e) == nil && e.Error != "" {
			msg = e.Error
		}
		return nil, fmt.Errorf("go %s: %w: %s", strings.Join(args, " "), err, oneLine(msg))
	}
	return stdout.Bytes(), nil
}

// oneLine joins the lines of a tool's message, so errors stay single-line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
