package preset

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"
	"text/template"
	"text/template/parse"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
	"github.com/gonew-prod/gonew-prod/internal/yamlerr"
)

// packKeys are the keys of preset.yaml.
var packKeys = []string{"name", "description", "extends", "answers", "locked", "module_prefix", "goprivate", "overlay", "remove", "executable"}

// location is where a pack lives: a directory of an fs.FS whose root bounds what the
// pack may reach (a module's root, a directory's root, the built-in packs).
type location struct {
	root  fs.FS  // bounds the pack
	dir   string // the pack's directory within root ("." for the root)
	label string // how messages name the pack's directory
	key   string // identity for cycle detection
	// extend resolves an `extends` value relative to this location.
	extend func(ref string) (location, error)
	// zipped, when root is a module's directory, says why a version of the module would
	// not hold the file of root it is given; nil for other roots.
	zipped func(name string) error
}

// published refuses the file name of loc's root (shown as messages show it) that a
// version of the module holding the pack would lack (location.zipped).
func (l location) published(name, shown string) error {
	if l.zipped == nil {
		return nil
	}
	if err := l.zipped(name); err != nil {
		return fmt.Errorf("%s: %w", quoteOdd(shown), err)
	}
	return nil
}

func (l location) file(name string) string { return path.Join(l.dir, name) }

func (l location) show(name string) string { return l.label + "/" + name }

// rawPack is one preset.yaml before extends are merged.
type rawPack struct {
	name, description, extends, modulePrefix, goprivate string
	answers                                             answers.Layer
	locked, remove, executable                          []string
	overlay                                             fstest.MapFS
	where                                               map[string]string // overlay name -> file as messages show it
	extendsAt                                           string            // file:line:column of the extends value
	lockedAt                                            map[string]string // locked key -> file:line:column of its entry
	modulePrefixAt                                      string            // file:line:column of module_prefix
	goprivateAt                                         string            // file:line:column of goprivate
	removeAt                                            map[string]string // remove entry -> file:line:column
	executableAt                                        map[string]string // executable entry -> file:line:column
	// notBuiltin maps a removal that names no built-in file to where it is and the
	// error: merge tells one that names a file of an extended pack's overlay apart.
	notBuiltin map[string]removal
	// sum is the sha256 of its preset.yaml and overlay templates (ownSum).
	sum string
}

// removal is an entry of remove that names no built-in file.
type removal struct {
	at  string
	err error
}

// load reads the pack at loc and everything it extends, and checks the paths its overlay
// adds against each other and against the built-in templates' paths. recorded says the
// pack is read again for a project's record (readPack).
func load(loc location, recorded bool) (Pack, error) {
	p, err := loadChain(loc, nil, recorded)
	if err != nil {
		return p, err
	}
	return p, checkOverlayPaths(p)
}

// link is one pack of an extends chain being loaded: its location's key and its
// extends line, for naming a cycle.
type link struct {
	key, extends, at string
}

// loadChain reads the pack at loc and everything it extends; seen holds the chain so far.
func loadChain(loc location, seen []link, recorded bool) (Pack, error) {
	raw, err := readPack(loc, recorded)
	if err != nil {
		return Pack{}, err
	}
	seen = append(seen, link{loc.key, raw.extends, raw.extendsAt})
	var p Pack
	if raw.extends != "" {
		parentLoc, err := loc.extend(raw.extends)
		if err != nil {
			return Pack{}, fmt.Errorf("%s: extends %q: %w", raw.extendsAt, raw.extends, err)
		}
		if i := slices.IndexFunc(seen, func(l link) bool { return l.key == parentLoc.key }); i >= 0 {
			var steps []string
			for _, l := range seen[i:] {
				steps = append(steps, fmt.Sprintf("%s (extends: %s)", l.at, l.extends))
			}
			return Pack{}, fmt.Errorf("%s: extends cycle: %s -> %s again; remove one of these extends", raw.extendsAt, quoteOdd(strings.Join(steps, " -> ")), quoteOdd(parentLoc.show(PackFile)))
		}
		if err := holdsPack(parentLoc); err != nil {
			return Pack{}, fmt.Errorf("%s: extends %q: %w", raw.extendsAt, raw.extends, err)
		}
		if p, err = loadChain(parentLoc, seen, recorded); err != nil {
			return Pack{}, err
		}
	}
	return merge(p, raw, loc, recorded)
}

// merge lays raw over the pack it extends. recorded says the pack is read again for a
// project's record (readPack).
func merge(base Pack, raw rawPack, loc location, recorded bool) (Pack, error) {
	p := base
	p.Name, p.Description = raw.name, raw.description
	p.Chain = append(slices.Clone(base.Chain), raw.name)
	if !strings.HasPrefix(loc.key, builtinKey) { // a built-in pack is the gonew-prod version's
		p.digest = chainDigest(base.digest, raw.sum)
	}
	layer := answers.Layer{Source: answers.FromPreset, Name: raw.name, Values: map[string]answers.Value{}}
	for k, v := range base.Answers.Values {
		layer.Values[k] = v
	}
	for k, v := range raw.answers.Values {
		key, _ := answers.Lookup(k)
		if slices.Contains(base.Answers.Locked, k) && !key.Equal(layer.Values[k].Raw, v.Raw) {
			return Pack{}, fmt.Errorf("%s: %s is locked by preset %s (%s), which this pack extends", v.Where, k, base.Answers.LockedBy[k], base.lockedAt[k])
		}
		layer.Values[k] = v
	}
	layer.Locked = slices.Clone(base.Answers.Locked)
	p.lockedAt, layer.LockedBy = maps.Clone(base.lockedAt), maps.Clone(base.Answers.LockedBy)
	if p.lockedAt == nil {
		p.lockedAt, layer.LockedBy = map[string]string{}, map[string]string{}
	}
	for _, k := range raw.locked {
		if _, ok := p.lockedAt[k]; !ok {
			p.lockedAt[k], layer.LockedBy[k] = raw.lockedAt[k], raw.name
		}
		if k == LockModulePrefix {
			p.ModulePrefixLocked = true
			continue
		}
		if !slices.Contains(layer.Locked, k) {
			layer.Locked = append(layer.Locked, k)
		}
	}
	p.Answers = layer
	if err := checkCIFeature(raw.answers, layer); err != nil {
		return Pack{}, err
	}
	if raw.modulePrefix != "" {
		// Under a locked prefix a pack may narrow it (acme/team under acme), not leave it.
		locked := strings.TrimSuffix(base.ModulePrefix, "/")
		if mine := strings.TrimSuffix(raw.modulePrefix, "/"); base.ModulePrefixLocked && mine != locked && !strings.HasPrefix(mine, locked+"/") {
			return Pack{}, fmt.Errorf("%s: module_prefix %s: module_prefix is locked to %s by preset %s (%s), which this pack extends; remove it, or narrow it to a path under %s/", raw.modulePrefixAt, raw.modulePrefix, base.ModulePrefix, base.Answers.LockedBy[LockModulePrefix], base.lockedAt[LockModulePrefix], locked)
		}
		p.ModulePrefix, p.prefixAt = raw.modulePrefix, raw.modulePrefixAt
	}
	if p.ModulePrefixLocked && p.ModulePrefix == "" {
		at, ok := raw.lockedAt[LockModulePrefix]
		if !ok {
			at = loc.show(PackFile)
		}
		return Pack{}, fmt.Errorf("%s: module_prefix is locked but not set; set it (module_prefix: example.com/team) or remove it from locked", at)
	}
	for _, k := range layer.Locked {
		if _, ok := layer.Values[k]; !ok {
			at, ok := raw.lockedAt[k]
			if !ok {
				at = loc.show(PackFile)
			}
			return Pack{}, fmt.Errorf("%s: locked key %s has no value in answers; give it one under answers (answers: {%s: ...}) or remove it from locked", at, k, k)
		}
	}
	if raw.goprivate != "" {
		p.GoPrivate, p.goPrivateAt = raw.goprivate, raw.goprivateAt
	}
	for _, r := range raw.remove {
		bad, ok := raw.notBuiltin[r]
		if !ok {
			continue
		}
		if _, inherited := base.Overlay[r+".tmpl"]; inherited {
			// remove leaves out built-in files; an extended pack's file is left out by
			// a template of this pack's that renders it empty.
			return Pack{}, fmt.Errorf("%s: remove %s: no built-in file has that path; the file comes from the overlay of a pack this one extends (%s), which remove does not take: to leave it out, give this pack's overlay a %s.tmpl whose output is only white space, such as {{/* none */}} (an overlay template rendering nothing writes no file)", bad.at, r, base.TemplateAt(r+".tmpl"), r)
		}
		return Pack{}, fmt.Errorf("%s: %w", bad.at, bad.err)
	}
	// Every removal and blank template that drops a file a lock of an extended pack
	// selects is refused at once (lockedRemoval, lockedBlanks below), not one per run.
	var dropsLocked []error
	if !recorded {
		// A project made from such a pack before this was refused keeps it.
		for _, r := range raw.remove {
			if err := lockedRemoval(base, raw, r); err != nil {
				dropsLocked = append(dropsLocked, err)
			}
		}
	}
	overlay, where := maps.Clone(base.Overlay), maps.Clone(base.where)
	if overlay == nil {
		overlay, where = fstest.MapFS{}, map[string]string{}
	}
	p.lockedBlank = maps.Clone(base.lockedBlank)
	if p.lockedBlank == nil {
		p.lockedBlank = map[string]string{}
	}
	// A removal leaves out the built-in file and the templates the packs extended write
	// in its place; the pack's own template for the path is its file, written as any
	// overlay template is (the removal then only keeps the built-in one out).
	if len(raw.remove) > 0 {
		writers, err := templatesFor(raw.remove)
		if err != nil {
			return Pack{}, err
		}
		for _, name := range writers {
			delete(overlay, name)
			delete(where, name)
			delete(p.lockedBlank, name)
		}
	}
	maps.Copy(overlay, raw.overlay)
	maps.Copy(where, raw.where)
	for name := range raw.overlay {
		delete(p.lockedBlank, name) // the template of an extended pack is replaced
	}
	if !recorded {
		// As for a removal, a project made from such a pack before this was refused
		// keeps it.
		blanks, err := lockedBlanks(base, raw)
		if err != nil {
			dropsLocked = append(dropsLocked, err)
		}
		maps.Copy(p.lockedBlank, blanks)
	}
	if err := errors.Join(dropsLocked...); err != nil {
		return Pack{}, err
	}
	p.Overlay, p.where = overlay, where
	// An output is executable by the list, not by a template file's mode: a module zip
	// keeps no modes, and a pack must write the same project from a checkout and a tag.
	// The list holds through the chain, also when a pack replaces the template.
	p.Executable = slices.Clone(base.Executable)
	for _, name := range raw.executable {
		if _, ok := overlay[name]; !ok {
			return Pack{}, fmt.Errorf("%s: executable: %s is not a template of the overlay or of a pack this one extends; name it as it is named under the overlay directory (scripts/deploy.sh.tmpl)", raw.executableAt[name], name)
		}
		if !slices.Contains(p.Executable, name) {
			p.Executable = append(p.Executable, name)
		}
	}
	for _, name := range p.Executable {
		if f := overlay[name]; f != nil && f.Mode != 0o755 {
			overlay[name] = &fstest.MapFile{Data: f.Data, Mode: 0o755, ModTime: f.ModTime}
		}
	}
	p.removeAt = maps.Clone(base.removeAt)
	if p.removeAt == nil {
		p.removeAt = map[string]string{}
	}
	for _, r := range raw.remove {
		if !slices.Contains(p.Remove, r) {
			p.Remove = append(p.Remove, r)
			p.removeAt[r] = raw.removeAt[r]
		}
	}
	return p, nil
}

// lockedRemoval refuses r, an entry of raw's remove, when it leaves out a built-in file
// that a lock of a pack raw extends (base) selects (baseLocks), so the org's locked choice
// would be dropped by the pack below it. A template of raw's own overlay for the path
// replaces the file rather than drops it, as an overlay template without the removal
// does, and is taken (lockedBlanks checks that it writes the file).
func lockedRemoval(base Pack, raw rawPack, r string) error {
	if _, own := raw.overlay[r+".tmpl"]; own {
		return nil
	}
	_, by, err := baseLocks(base, func(e generator.Entry) bool { return e.Path == r })
	if err != nil || by == "" {
		return err
	}
	return fmt.Errorf("%s: remove %s: the built-in %s is written by the locks of %s, which preset %s extends: a pack may not leave out what a pack it extends locks; remove the entry, or replace the file with a template of preset %s's overlay (%s.tmpl)", raw.removeAt[r], r, r, by, raw.name, raw.name, r)
}

// lockedBlanks returns, for each template of raw's overlay that writes a built-in file a
// lock of a pack raw extends (base) selects (baseLocks), why the template may not render
// nothing, which would leave the file out as a removal does (an overlay template whose
// output is only white space writes no file): the render refuses it then
// (generator.Preset.Locked). Templates that render nothing whatever the answers (only
// white space and comments, as {{/* none */}}) are refused here, when the pack loads, all
// at once. Where raw also removes the file (taken, as the template replaces it), taking
// the template out of the overlay is a way on only with that entry: the refusal says so.
func lockedBlanks(base Pack, raw rawPack) (map[string]string, error) {
	out := map[string]string{}
	var blank []error
	for _, name := range slices.Sorted(maps.Keys(raw.overlay)) {
		file, by, err := baseLocks(base, func(e generator.Entry) bool { return e.TemplateName() == name || e.Path+".tmpl" == name })
		if err != nil {
			return nil, err
		}
		if by == "" {
			continue
		}
		takeOut := fmt.Sprintf("take it out of preset %s's overlay", raw.name)
		if slices.Contains(raw.remove, file) {
			takeOut = fmt.Sprintf("take it out of preset %s's overlay together with the entry remove %s (%s), which without it leaves the file out too", raw.name, file, raw.removeAt[file])
		}
		why := fmt.Sprintf("the built-in %s is written by the locks of %s, which preset %s extends: a pack may not leave out what a pack it extends locks; make %s write the file for every answer those locks leave open, or %s", file, by, raw.name, raw.where[name], takeOut)
		if data := raw.overlay[name].Data; blankTemplate(raw.where[name], data) {
			blank = append(blank, fmt.Errorf("%s: renders nothing whatever the answers (an overlay template whose output is only white space writes no file), so no %s is written, but %s", raw.where[name], file, why))
			continue
		}
		out[name] = why
	}
	return out, errors.Join(blank...)
}

// blankTemplate reports whether text, an overlay template (shown as messages name it),
// renders only white space whatever the answers: it holds nothing but white space and
// comments ({{/* none */}}), and is not itself blank (an empty template writes its file,
// a .gitkeep).
func blankTemplate(shown string, text []byte) bool {
	if len(bytes.TrimSpace(text)) == 0 {
		return false
	}
	t, err := template.New(shown).Funcs(generator.FuncMap()).Parse(string(text))
	return err == nil && (t.Tree == nil || parse.IsEmptyTree(t.Tree.Root))
}

// baseLocks describes the locks of the packs a pack extends (base) that select the
// built-in file of a manifest entry match takes: the file's condition holds for the locked
// answers (ci gitlab writes .gitlab-ci.yml, locked features with k8s write
// k8s/deployment.yaml). It returns the file's path and the packs with their locks
// ("preset base, ci to gitlab (base/preset.yaml:5:10)"), "" when no lock selects one.
func baseLocks(base Pack, match func(generator.Entry) bool) (file, by string, err error) {
	m, err := builtin.Manifest()
	if err != nil {
		return "", "", err
	}
	locked := func(k string) bool { return slices.Contains(base.Answers.Locked, k) }
	features, _ := base.Answers.Values[answers.KeyFeatures].Raw.([]string)
	ci := fmt.Sprint(base.Answers.Values[answers.KeyCI].Raw)
	for _, e := range m.Files {
		if !match(e) {
			continue
		}
		var keys []string // the locked keys that select the file, each with its value
		holds := true
		for _, k := range slices.Sorted(maps.Keys(e.When.Equal)) {
			if !locked(k) {
				continue
			}
			if v := fmt.Sprint(base.Answers.Values[k].Raw); v != e.When.Equal[k] {
				holds = false
			} else {
				keys = append(keys, k+" to "+v)
			}
		}
		for _, f := range e.When.Features {
			switch {
			case locked(answers.KeyFeatures) && slices.Contains(features, f):
				keys = append(keys, answers.KeyFeatures+" to a set with "+f)
			case locked(answers.KeyFeatures):
				holds = false
			case f == "ci" && locked(answers.KeyCI) && ci != "none":
				// A locked provider holds the ci feature on.
				if !slices.Contains(keys, answers.KeyCI+" to "+ci) {
					keys = append(keys, answers.KeyCI+" to "+ci)
				}
			}
		}
		for _, f := range e.When.Without {
			if locked(answers.KeyFeatures) {
				if slices.Contains(features, f) {
					holds = false
				} else {
					keys = append(keys, answers.KeyFeatures+" to a set without "+f)
				}
			}
		}
		if !holds || len(keys) == 0 {
			continue
		}
		var locks, packs []string
		for _, b := range keys {
			k, _, _ := strings.Cut(b, " ")
			locks = append(locks, fmt.Sprintf("%s (%s)", b, base.lockedAt[k]))
			if by := "preset " + base.Answers.LockedBy[k]; !slices.Contains(packs, by) {
				packs = append(packs, by)
			}
		}
		return e.Path, strings.Join(packs, " and ") + ", " + strings.Join(locks, " and "), nil
	}
	return "", "", nil
}

// checkCIFeature refuses a pack whose own features name ci while its ci, its own or
// the one of a pack it extends, is none: asked for by name, as in an answers file,
// the feature contradicts the missing provider (a pack that only sets ci: none over a
// parent's features leaves CI out on purpose).
func checkCIFeature(own, merged answers.Layer) error {
	f, named := own.Values[answers.KeyFeatures]
	ci, set := merged.Values[answers.KeyCI]
	if !named || !set || ci.Raw != "none" {
		return nil
	}
	if list, _ := f.Raw.([]string); slices.Contains(list, "ci") {
		return fmt.Errorf("%s: features lists ci, but ci is none (%s): the ci feature needs a provider; set ci to github or gitlab, or leave ci out of features", f.Where, ci.Where)
	}
	return nil
}

// holdsPack reports why loc, a directory an extends names, is not a pack: it is not
// there or holds no preset.yaml (a sibling's name mistyped, a pack not yet committed),
// or names a file.
func holdsPack(loc location) error {
	info, err := lstatPath(loc.root, loc.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("there is no directory %s, so no pack: correct the path to the directory of the pack to extend (the one holding its %s), or add %s", loc.label, PackFile, loc.show(PackFile))
	}
	if err == nil && !info.IsDir() {
		return fmt.Errorf("%s is a file, not a pack's directory: name the directory holding the pack's %s", loc.label, PackFile)
	}
	if _, err := lstatPath(loc.root, loc.file(PackFile)); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s holds no %s, so it is not a pack: correct the path to the directory of the pack to extend (the one holding its %s), or add %s", loc.label, PackFile, PackFile, loc.show(PackFile))
	}
	return nil // readPack names any other problem of the file
}

// readPack reads and checks one preset.yaml and its overlay directory.
func readPack(loc location, recorded bool) (rawPack, error) {
	var raw rawPack
	file := loc.show(PackFile)
	data, err := readFile(loc.root, loc.file(PackFile), file)
	if err != nil {
		return raw, err
	}
	if err := loc.published(loc.file(PackFile), file); err != nil {
		return raw, err
	}
	root, err := yamlerr.Document(file, data)
	if err != nil {
		return raw, err
	}
	if root == nil || root.Kind != yaml.MappingNode {
		return raw, fmt.Errorf("%s: must be a mapping with keys %s", file, strings.Join(packKeys, ", "))
	}
	overlayDir, overlaySet, overlayAt := "overlay", false, file
	raw.answers = answers.Layer{Source: answers.FromPreset}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		// An alias (*name) stands for the node its anchor (&name) marks, as it does in the
		// answers mapping (answers.ParseMapping), and is named where it stands.
		k, v := dealias(root.Content[i]), root.Content[i+1]
		at, vAt := yamlerr.Pos(file, k), yamlerr.Pos(file, v)
		v = dealias(v)
		if seen[k.Value] {
			return raw, fmt.Errorf("%s: key %q given twice", at, k.Value)
		}
		seen[k.Value] = true
		switch k.Value {
		case "name", "description", "extends", "module_prefix", "goprivate", "overlay":
			s, err := scalar(vAt, k.Value, v)
			if err != nil {
				return raw, err
			}
			switch k.Value {
			case "name":
				if !packName.MatchString(s) {
					return raw, fmt.Errorf("%s: name %q: want lower-case letters, digits, '.', '_' or '-', at most 63", vAt, s)
				}
				raw.name = s
			case "description":
				raw.description = s
			case "extends":
				raw.extends, raw.extendsAt = s, vAt
			case "module_prefix":
				if err := answers.CheckModule(s); err != nil {
					return raw, fmt.Errorf("%s: module_prefix %q: %w", vAt, s, err)
				}
				raw.modulePrefix, raw.modulePrefixAt = s, vAt
			case "goprivate":
				if err := CheckGoPrivate(s); err != nil {
					return raw, fmt.Errorf("%s: goprivate: %w", vAt, err)
				}
				raw.goprivate, raw.goprivateAt = s, vAt
			case "overlay":
				overlayDir, overlaySet = s, true
				overlayAt = vAt
			}
		case "answers":
			if v.Kind != yaml.MappingNode {
				return raw, fmt.Errorf("%s: answers must be a mapping of answers keys", at)
			}
			if err := answers.ParseMapping(&raw.answers, file, v); err != nil {
				return raw, err
			}
			if recorded {
				takeOnce(raw.answers)
			} else if err := givenTwice(file, v); err != nil {
				return raw, err
			}
			if err := raw.answers.Check(); err != nil {
				return raw, err
			}
		case "locked", "remove", "executable":
			list, err := stringList(file, vAt, k.Value, v)
			if err != nil {
				return raw, err
			}
			if !recorded {
				if err := listedTwice(file, k.Value, v); err != nil {
					return raw, err
				}
			}
			if k.Value == "locked" {
				for j, key := range list {
					if key != LockModulePrefix && !slices.Contains(answers.Keys(), key) {
						n := v.Content[j]
						return raw, fmt.Errorf("%s: locked: unknown key %q (answers keys: %s, or %s)", yamlerr.Pos(file, n), key, strings.Join(answers.Keys(), ", "), LockModulePrefix)
					}
				}
				raw.locked, raw.lockedAt = once(list), map[string]string{}
				for j, key := range list {
					if _, ok := raw.lockedAt[key]; !ok {
						raw.lockedAt[key] = yamlerr.Pos(file, v.Content[j])
					}
				}
			} else if k.Value == "executable" {
				raw.executable, raw.executableAt = once(list), map[string]string{}
				for j, name := range list {
					n := v.Content[j]
					if !fs.ValidPath(name) || !strings.HasSuffix(name, ".tmpl") {
						return raw, fmt.Errorf("%s: executable: %q: want an overlay template's name, relative to the overlay directory and ending in .tmpl (scripts/deploy.sh.tmpl)", yamlerr.Pos(file, n), name)
					}
					if _, ok := raw.executableAt[name]; !ok {
						raw.executableAt[name] = yamlerr.Pos(file, n)
					}
				}
			} else {
				raw.removeAt = map[string]string{}
				for j, r := range list {
					n := v.Content[j]
					if _, ok := raw.removeAt[r]; !ok {
						raw.removeAt[r] = yamlerr.Pos(file, n)
					}
					if err := removeDir(r); err != nil {
						return raw, fmt.Errorf("%s: %w", yamlerr.Pos(file, n), err)
					}
					if !fs.ValidPath(r) || r == "." {
						return raw, fmt.Errorf("%s: remove: %q is not a relative path inside the project", yamlerr.Pos(file, n), r)
					}
					if err := checkRemove([]string{r}); err != nil {
						if raw.notBuiltin == nil {
							raw.notBuiltin = map[string]removal{}
						}
						raw.notBuiltin[r] = removal{yamlerr.Pos(file, n), err}
					}
				}
				raw.remove = once(list)
			}
		default:
			return raw, fmt.Errorf("%s: unknown key %q (known keys: %s)", at, k.Value, strings.Join(packKeys, ", "))
		}
	}
	if raw.name == "" {
		return raw, fmt.Errorf("%s: name is required", file)
	}
	raw.answers.Name = raw.name
	dir, err := overlayPath(overlayDir)
	if err != nil {
		return raw, fmt.Errorf("%s: overlay %q %w", overlayAt, overlayDir, err)
	}
	raw.overlay, raw.where, err = readOverlay(loc, dir, overlayAt, overlaySet)
	raw.sum = ownSum(data, raw.overlay)
	return raw, err
}

// givenTwice refuses an entry that a list of the pack's answers (m, the answers mapping
// of file), such as features, gives twice (listedTwice).
func givenTwice(file string, m *yaml.Node) error {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := dealias(m.Content[i]), dealias(m.Content[i+1])
		if v.Kind != yaml.SequenceNode {
			continue
		}
		if err := listedTwice(file, k.Value, v); err != nil {
			return err
		}
	}
	return nil
}

// listedTwice refuses an entry that the list seq, key's in file, gives twice: the list is
// a set, so the second entry adds nothing and was likely meant to be another. A pack read
// again for a project's record takes each entry once instead (once).
func listedTwice(file, key string, seq *yaml.Node) error {
	seen := map[string]string{}
	for _, item := range seq.Content {
		at := yamlerr.Pos(file, item)
		item = dealias(item)
		if first, ok := seen[item.Value]; ok {
			return fmt.Errorf("%s: %s lists %s twice (first at %s); list each once", at, key, item.Value, first)
		}
		seen[item.Value] = at
	}
	return nil
}

// dealias returns the node an alias node stands for, and any other node as it is.
func dealias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// takeOnce keeps the first of each entry of every list of l, the answers of a pack read
// again for a project's record: the record was made when a list's repeated entry was taken
// once, before givenTwice refused it (and a locked, remove or executable list's, before
// listedTwice did).
func takeOnce(l answers.Layer) {
	for k, v := range l.Values {
		if list, ok := v.Raw.([]string); ok {
			v.Raw = once(list)
			l.Values[k] = v
		}
	}
}

// once returns list with the first of each of its entries.
func once(list []string) []string {
	var out []string
	for _, x := range list {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// overlayPath returns the overlay key's value dir as the path of a directory inside the
// pack, cleaned (./overlay and overlay/ are overlay), or why it names none: the error
// completes `overlay "DIR" ...`.
func overlayPath(dir string) (string, error) {
	clean := path.Clean(dir)
	switch {
	case path.IsAbs(dir):
		return "", fmt.Errorf("is an absolute path; name the directory relative to the pack's %s (overlay)", PackFile)
	case clean == ".":
		return "", fmt.Errorf("is the pack's own directory, which holds %s; name a directory inside it (overlay)", PackFile)
	case clean == ".." || strings.HasPrefix(clean, "../"):
		return "", fmt.Errorf("leads out of the pack; name a directory inside it, relative to its %s (overlay)", PackFile)
	}
	return clean, nil
}

// readOverlay reads every template of the pack's overlay directory into memory, as git
// commits it (generator.AsCommitted: CRLF line endings of a checkout are LF ones), refusing
// symlinks, special files, oversized files, templates that do not parse and names no
// project file may have (generator.CheckOutput: .git, control characters, gonew-prod's
// own names). It returns the templates and, for each, its file as messages show it. at
// is where preset.yaml names the directory: its overlay key, when required (the key is
// given), else the file.
func readOverlay(loc location, dir, at string, required bool) (fstest.MapFS, map[string]string, error) {
	overlay, where := fstest.MapFS{}, map[string]string{}
	full := loc.file(dir)
	info, err := lstatPath(loc.root, full)
	if err != nil {
		if !required && errors.Is(err, fs.ErrNotExist) {
			return overlay, where, nil
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%s: overlay directory %s: %w; create it in the pack, or correct the overlay key (a path relative to the pack's %s)", at, dir, unwrapPath(err), PackFile)
		}
		return nil, nil, fmt.Errorf("%s: overlay directory %s: %w", at, dir, unwrapPath(err))
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return nil, nil, fmt.Errorf("%s: symbolic links are not allowed in a pack", loc.show(dir))
	}
	if !info.IsDir() {
		return nil, nil, fmt.Errorf("%s: overlay %s is not a directory", at, dir)
	}
	err = fs.WalkDir(loc.root, full, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, full), "/")
		shown := loc.show(path.Join(dir, rel))
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s: symbolic links are not allowed in a pack", shown)
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			return fmt.Errorf("%s: only regular files are allowed in a pack", shown)
		case !strings.HasSuffix(rel, ".tmpl"):
			return fmt.Errorf("%s: overlay templates are named like the built-in ones, ending in .tmpl", shown)
		case rel == generator.RecordFile+".tmpl":
			return fmt.Errorf("%s: %s is the project's record, written by gonew-prod; an overlay cannot produce it", shown, generator.RecordFile)
		}
		if err := checkOverlayName(strings.TrimSuffix(rel, ".tmpl")); err != nil {
			return fmt.Errorf("%s: %w", quoteOdd(shown), err)
		}
		if err := loc.published(p, shown); err != nil {
			return err
		}
		data, err := readFile(loc.root, p, shown)
		if err != nil {
			return err
		}
		// As git commits it, as the digest takes it (ownSum): a checkout with CRLF line
		// endings renders what one with LF ones does.
		data = generator.AsCommitted(data)
		if _, err := template.New(shown).Funcs(generator.FuncMap()).Parse(string(data)); err != nil {
			return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "template: "))
		}
		overlay[rel] = &fstest.MapFile{Data: data, Mode: 0o644}
		where[rel] = shown
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return overlay, where, nil
}

// readFile reads name from fsys, refusing symlinks (on the file or on the way to it),
// anything but regular files, and more than MaxFileSize bytes.
func readFile(fsys fs.FS, name, shown string) ([]byte, error) {
	info, err := lstatPath(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", shown, unwrapPath(err))
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s: symbolic links are not allowed in a pack", shown)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", shown)
	}
	data, err := generator.ReadLimited(fsys, name, MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (the limit for pack files)", shown, unwrapPath(err))
	}
	return data, nil
}

// lstatPath describes name in fsys without following a symbolic link at name, and fails
// when a directory on the way to it is a symbolic link.
func lstatPath(fsys fs.FS, name string) (fs.FileInfo, error) {
	parts := strings.Split(name, "/")
	for i := 1; i < len(parts); i++ {
		dir := strings.Join(parts[:i], "/")
		if dir == "." {
			continue
		}
		info, err := fs.Lstat(fsys, dir)
		if err != nil {
			return nil, err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return nil, &fs.PathError{Op: "lstat", Path: dir, Err: errors.New("symbolic links are not allowed in a pack")}
		}
	}
	return fs.Lstat(fsys, name)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// scalar returns the string v, key's value given at at (dealiased).
func scalar(at, key string, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		return "", fmt.Errorf("%s: %s must be a string", at, key)
	}
	return v.Value, nil
}

// stringList returns the strings of the list v, key's value in file given at at
// (dealiased), its entries dealiased.
func stringList(file, at, key string, v *yaml.Node) ([]string, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s: %s must be a list of strings", at, key)
	}
	var out []string
	for _, item := range v.Content {
		d := dealias(item)
		if d.Kind != yaml.ScalarNode || d.Tag != "!!str" {
			return nil, fmt.Errorf("%s: %s entries must be strings", yamlerr.Pos(file, item), key)
		}
		out = append(out, d.Value)
	}
	return out, nil
}

// checkOverlayName refuses an overlay template whose output path (its name without .tmpl)
// no project file may have, as far as the name shows it: the whole path when it holds no
// {{...}}, else each element without one (the render checks what the rest expands to).
func checkOverlayName(out string) error {
	if !strings.Contains(out, "{{") {
		return generator.CheckOutput(out)
	}
	for _, elem := range strings.Split(out, "/") {
		if !strings.Contains(elem, "{{") {
			if err := generator.CheckPath(elem); err != nil {
				return err
			}
		}
	}
	return nil
}

// quoteOdd quotes s, Go style, when it holds anything that would not print as itself (a
// newline, a control character, invalid UTF-8), so that a message stays one true line.
func quoteOdd(s string) string {
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		return q
	}
	return s
}
