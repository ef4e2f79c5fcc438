package merge

import (
	"bytes"
	"cmp"
	"fmt"
	"go/version"
	"maps"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// GoMod merges three versions of a go.mod file by meaning rather than by lines. When a
// side left the file as it was in base, the other side's file is the result, byte for
// byte. Otherwise the result is ours, edited through golang.org/x/mod/modfile so that its
// layout and comments stay, with these rules:
//
//   - module: ours.
//   - go, toolchain and each require's version: ours when theirs did not change it from
//     base (even when the user lowered it); otherwise the higher of ours and theirs, so
//     a template never lowers what the user has. A toolchain line ours deleted stays
//     deleted (Result.Notes says so).
//   - requires merge three ways, each on its own: one ours has as base had it (version,
//     indirect marking, comments) and theirs dropped is dropped; one ours changed that
//     theirs dropped stays, with a note (see DroppedYours); any other one only ours has
//     stays; one only theirs has is added, unless ours deleted it from base and
//     theirs did not change its version. A new require keeps theirs' indirect marking,
//     an existing one ours'. A version taken from theirs that one of ours' exclude lines
//     excludes is not taken (the go command refuses a require on an excluded version),
//     nor one past the version a replace line of ours that stays names (replace PATH
//     VERSION => ...: it would no longer apply, and the user's replacement would silently
//     leave the build): ours' require stays, and the require is a conflict (below) that
//     Result.Notes explains.
//   - exclude, retract, tool and ignore lines are kept: every one of ours stays, and
//     each one theirs added to base is added, so one the user deleted stays deleted.
//   - replace and godebug lines, keyed by what they replace or set: a line one side did
//     not change from base takes the other side's state, added or removed; a line both
//     sides changed differently (or one side removed while the other changed it) is a
//     conflict. A conflict is written in place of ours' line (at the end of the file
//     when ours has none) as a conflict block of Text's form, whose sections are the
//     line as each version has it (empty where it has none), and is counted in
//     Result.Conflicts; such a go.mod does not parse until the user resolves it.
//
// GoMod returns an error when a version does not parse as a go.mod file.
func GoMod(base, ours, theirs []byte, labels Labels) (Result, error) {
	switch {
	case bytes.Equal(ours, theirs) || bytes.Equal(theirs, base):
		return Result{Merged: ours}, nil
	case bytes.Equal(ours, base):
		return Result{Merged: theirs}, nil
	}
	var files [3]*modfile.File
	for i, v := range []struct {
		label string
		data  []byte
	}{{labels.Base, base}, {labels.Ours, ours}, {labels.Theirs, theirs}} {
		f, err := modfile.Parse("go.mod ("+v.label+")", v.data, nil)
		if err != nil {
			return Result{}, fmt.Errorf("merge go.mod: %w", err)
		}
		files[i] = f
	}
	b, o, t := files[0], files[1], files[2]

	lineNotes, err := mergeGoLines(b, o, t)
	if err != nil {
		return Result{}, err
	}
	conflicts, notes := mergeRequires(b, o, t)
	notes = append(notes, lineNotes...)
	if err := mergeSets(b, o, t); err != nil {
		return Result{}, err
	}
	keyed, err := mergeKeyed(b, o, t)
	if err != nil {
		return Result{}, err
	}
	conflicts = append(conflicts, keyed...)
	o.Cleanup()
	merged, err := o.Format()
	if err != nil {
		return Result{}, fmt.Errorf("merge go.mod: format: %w", err)
	}
	if len(conflicts) > 0 {
		if merged, err = writeGoModConflicts(merged, conflicts, labels); err != nil {
			return Result{}, err
		}
	}
	return Result{Merged: merged, Conflicts: len(conflicts), Notes: notes}, nil
}

// pickVersion returns the version the merge keeps: ours when theirs did not change it,
// otherwise the higher of the two under less.
func pickVersion(base, ours, theirs string, less func(a, b string) bool) string {
	if theirs == base || less(theirs, ours) {
		return ours
	}
	return theirs
}

func semverLess(a, b string) bool { return semver.Compare(a, b) < 0 }

// goVersionLess orders Go versions ("1.21", "1.21rc1", "1.21.0", "go1.22.3", "2") as the
// go command does (go/version.Compare): a language version before its release
// candidates, those before its first release. An empty version is lowest.
func goVersionLess(a, b string) bool {
	return version.Compare("go"+strings.TrimPrefix(a, "go"), "go"+strings.TrimPrefix(b, "go")) < 0
}

// mergeGoLines merges the go and toolchain lines into ours (pickVersion). A toolchain
// line ours deleted from base stays deleted, though theirs changes it: the user chose to
// build with the toolchain the go line implies; the returned note says so.
func mergeGoLines(b, o, t *modfile.File) (notes []string, err error) {
	for _, line := range []struct {
		verb    string
		version func(f *modfile.File) string
		set     func(string) error
	}{
		{"go", func(f *modfile.File) string {
			if f.Go == nil {
				return ""
			}
			return f.Go.Version
		}, o.AddGoStmt},
		{"toolchain", func(f *modfile.File) string {
			if f.Toolchain == nil {
				return ""
			}
			return f.Toolchain.Name
		}, o.AddToolchainStmt},
	} {
		ours, base := line.version(o), line.version(b)
		v := pickVersion(base, ours, line.version(t), goVersionLess)
		if line.verb == "toolchain" && ours == "" && base != "" && v != "" {
			notes = append(notes, fmt.Sprintf("this version names toolchain %s; your go.mod has no toolchain line (you removed %s), so none is added back", v, base))
			continue
		}
		if v != ours {
			if err := line.set(v); err != nil {
				return nil, fmt.Errorf("merge go.mod: %s %s: %w", line.verb, v, err)
			}
		}
	}
	return notes, nil
}

func requireVersions(f *modfile.File) map[string]*modfile.Require {
	m := map[string]*modfile.Require{}
	for _, r := range f.Require {
		if prev, ok := m[r.Mod.Path]; !ok || semverLess(prev.Mod.Version, r.Mod.Version) {
			m[r.Mod.Path] = r
		}
	}
	return m
}

// mergeRequires merges the requires into ours, three ways per require: one ours kept as
// base had it (version, indirect marking and comments) and theirs dropped is dropped;
// one only ours has otherwise stays; one only theirs has is added unless ours deleted it
// from base and theirs did not change its version; one both have gets pickVersion's
// version. It returns as conflicts, left as ours has them, the requires theirs raises or
// adds onto a version ours excludes, and those theirs raises from a version a replace of
// ours that the merge keeps names (replace PATH VERSION => ...) to a version past it,
// where that replace no longer applies, with a note each naming the line.
func mergeRequires(b, o, t *modfile.File) (conflicts []goModConflict, notes []string) {
	base, ours, theirs := requireVersions(b), requireVersions(o), requireVersions(t)
	excluded := func(m module.Version) bool { return slices.Contains(excludeKeys(o), m.String()) }
	pinned := pinnedReplaces(b, o, t)
	refuse := func(path, note string) {
		conflicts = append(conflicts, goModConflict{verb: "require", key: path,
			ours: requireText(ours[path]), base: requireText(base[path]), theirs: requireText(theirs[path])})
		notes = append(notes, note)
	}
	refuseExcluded := func(path string) {
		v := theirs[path].Mod.Version
		refuse(path, fmt.Sprintf("this version requires %s %s, which your line `exclude %s %s` excludes (the go command refuses such a require): your require is kept in a conflict block; pick the version yourself",
			path, v, path, v))
	}
	var merged []*modfile.Require
	changed := false
	yours := droppedYours(base, ours, theirs)
	var kept []string // yours, as the note names them
	for _, path := range slices.Sorted(maps.Keys(ours)) {
		r := ours[path]
		v := r.Mod.Version
		tr, inTheirs := theirs[path]
		br, inBase := base[path]
		if !inTheirs && inBase && !slices.Contains(yours, path) {
			changed = true // theirs dropped it, and ours did not change it
			continue
		}
		if slices.Contains(yours, path) {
			// What the user changed: the version and indirect marking, else a comment.
			was := strings.TrimPrefix(requireText(br), modfile.AutoQuote(path)+" ")
			is := strings.TrimPrefix(requireText(r), modfile.AutoQuote(path)+" ")
			if was == is {
				is += " and a comment"
			}
			kept = append(kept, fmt.Sprintf("%s (%s to %s)", path, was, is))
		}
		if inTheirs {
			baseVersion := ""
			if inBase {
				baseVersion = br.Mod.Version
			}
			v = pickVersion(baseVersion, v, tr.Mod.Version, semverLess)
		}
		if v != r.Mod.Version {
			if excluded(module.Version{Path: path, Version: v}) {
				refuseExcluded(path)
				v = r.Mod.Version
			} else if rep, ok := passedReplace(pinned[path], r.Mod.Version, v); ok {
				refuse(path, fmt.Sprintf("this version requires %s %s, past your line `replace %s`, which replaces %s only (it would no longer apply): your require is kept in a conflict block; pick the version yourself, and the replace's with it",
					path, v, rep.text, rep.replace.Old.Version))
				v = r.Mod.Version
			}
		}
		changed = changed || v != r.Mod.Version
		merged = append(merged, &modfile.Require{Mod: module.Version{Path: path, Version: v}, Indirect: r.Indirect})
	}
	for _, path := range slices.Sorted(maps.Keys(theirs)) {
		r := theirs[path]
		if _, ok := ours[path]; ok {
			continue
		}
		if br, ok := base[path]; ok && br.Mod.Version == r.Mod.Version {
			continue // the user deleted it and the template did not touch it
		}
		if excluded(r.Mod) {
			refuseExcluded(path)
			continue
		}
		changed = true
		merged = append(merged, &modfile.Require{Mod: r.Mod, Indirect: r.Indirect})
	}
	if changed {
		o.SetRequireSeparateIndirect(merged)
	}
	if len(kept) > 0 {
		notes = append(notes, fmt.Sprintf("this version drops %d require(s) you changed, kept: %s; the go mod tidy after the merge (not with --no-tidy, nor while a file is left with conflicts; a change not applied to a file you deleted does not stop it) drops each no package imports any more, and update names those then",
			len(kept), strings.Join(kept, ", ")))
	}
	return conflicts, notes
}

// DroppedYours returns the module paths of the requires of ours that theirs dropped from
// base and ours changed (version, indirect marking or comments). GoMod keeps each, with a
// note, as the user's; what the user changed of a require the other version no longer
// needs matters only while a package imports the module, so an update's go mod tidy may
// drop it when none does (WithoutUnneeded). A version that does not parse has none.
func DroppedYours(base, ours, theirs []byte) []string {
	var files [3]*modfile.File
	for i, data := range [][]byte{base, ours, theirs} {
		f, err := modfile.Parse("go.mod", data, nil)
		if err != nil {
			return nil
		}
		files[i] = f
	}
	return droppedYours(requireVersions(files[0]), requireVersions(files[1]), requireVersions(files[2]))
}

// droppedYours is DroppedYours of the requires of each version by module path.
func droppedYours(base, ours, theirs map[string]*modfile.Require) []string {
	var out []string
	for _, path := range slices.Sorted(maps.Keys(ours)) {
		br, inBase := base[path]
		if _, inTheirs := theirs[path]; !inTheirs && inBase && !sameRequire(ours[path], br) {
			out = append(out, path)
		}
	}
	return out
}

// sameRequire reports whether two require lines say the same: module, version,
// indirect marking and comments.
func sameRequire(a, b *modfile.Require) bool {
	return a.Mod == b.Mod && a.Indirect == b.Indirect && slices.Equal(commentsOf(a.Syntax), commentsOf(b.Syntax))
}

// commentsOf returns the comments of a go.mod line, above, beside and below it.
func commentsOf(l *modfile.Line) []string {
	if l == nil {
		return nil
	}
	var out []string
	for _, cs := range [][]modfile.Comment{l.Before, l.Suffix, l.After} {
		for _, c := range cs {
			out = append(out, strings.TrimSpace(c.Token))
		}
	}
	return out
}

// pinnedReplaces returns, by module path, the replace lines of ours that name a version
// (replace PATH VERSION => ...) and that the merge keeps (all but one ours has as base
// had it and theirs dropped), each as it reads without its verb.
func pinnedReplaces(b, o, t *modfile.File) map[string][]keyedLine {
	base, ours, theirs := keyedLines(b), keyedLines(o), keyedLines(t)
	pinned := map[string][]keyedLine{}
	for _, k := range slices.Sorted(maps.Keys(ours)) {
		l := ours[k]
		if l.replace == nil || l.replace.Old.Version == "" {
			continue
		}
		if _, inTheirs := theirs[k]; !inTheirs && base[k].text == l.text {
			continue
		}
		pinned[l.replace.Old.Path] = append(pinned[l.replace.Old.Path], l)
	}
	return pinned
}

// passedReplace returns the first of replaces (lines of one module that name a version)
// that a raise of its require from version from to version to passes (ReplacePassed).
func passedReplace(replaces []keyedLine, from, to string) (keyedLine, bool) {
	for _, l := range replaces {
		if ReplacePassed(l.replace, from, to) {
			return l, true
		}
	}
	return keyedLine{}, false
}

// ReplacePassed reports whether a raise of a module from version from to version to
// passes the version r, a replace line of it, names (replace PATH VERSION => ...): the
// line names from, or a version between from and to, so it applied, or was ready to, and
// no longer would; the replacement would silently leave the build. A replacement by
// another version of the module itself (replace PATH v0.17.0 => PATH v0.23.0, a pin past
// a vulnerable release) leaves nothing behind when the raise reaches its version: no
// such raise passes it.
func ReplacePassed(r *modfile.Replace, from, to string) bool {
	if r.New.Path == r.Old.Path && !semverLess(to, r.New.Version) {
		return false
	}
	return !semverLess(r.Old.Version, from) && semverLess(r.Old.Version, to)
}

// requireText returns a require line without its verb ("" for none): path, version and
// the indirect marking.
func requireText(r *modfile.Require) string {
	if r == nil {
		return ""
	}
	s := modfile.AutoQuote(r.Mod.Path) + " " + r.Mod.Version
	if r.Indirect {
		s += " // indirect"
	}
	return s
}

// mergeSets adds to ours the exclude, retract, tool and ignore lines theirs added to base.
func mergeSets(b, o, t *modfile.File) error {
	for _, e := range t.Exclude {
		if k := e.Mod.String(); addedByTheirs(k, excludeKeys, b, o) {
			if err := o.AddExclude(e.Mod.Path, e.Mod.Version); err != nil {
				return fmt.Errorf("merge go.mod: exclude %s: %w", k, err)
			}
		}
	}
	for _, r := range t.Retract {
		if k := retractKey(r); addedByTheirs(k, retractKeys, b, o) {
			if err := o.AddRetract(r.VersionInterval, r.Rationale); err != nil {
				return fmt.Errorf("merge go.mod: retract %s: %w", k, err)
			}
		}
	}
	for _, tool := range t.Tool {
		if addedByTheirs(tool.Path, toolKeys, b, o) {
			if err := o.AddTool(tool.Path); err != nil {
				return fmt.Errorf("merge go.mod: tool %s: %w", tool.Path, err)
			}
		}
	}
	for _, i := range t.Ignore {
		if addedByTheirs(i.Path, ignoreKeys, b, o) {
			if err := o.AddIgnore(i.Path); err != nil {
				return fmt.Errorf("merge go.mod: ignore %s: %w", i.Path, err)
			}
		}
	}
	return nil
}

// addedByTheirs reports whether key, a line of theirs, is in neither base nor ours.
func addedByTheirs(key string, keys func(*modfile.File) []string, b, o *modfile.File) bool {
	return !slices.Contains(keys(b), key) && !slices.Contains(keys(o), key)
}

func excludeKeys(f *modfile.File) []string {
	var keys []string
	for _, e := range f.Exclude {
		keys = append(keys, e.Mod.String())
	}
	return keys
}

func retractKey(r *modfile.Retract) string { return r.Low + "," + r.High }

func retractKeys(f *modfile.File) []string {
	var keys []string
	for _, r := range f.Retract {
		keys = append(keys, retractKey(r))
	}
	return keys
}

func toolKeys(f *modfile.File) []string {
	var keys []string
	for _, t := range f.Tool {
		keys = append(keys, t.Path)
	}
	return keys
}

func ignoreKeys(f *modfile.File) []string {
	var keys []string
	for _, i := range f.Ignore {
		keys = append(keys, i.Path)
	}
	return keys
}

// A keyedLine is a replace or godebug line of one version: key is what it replaces or
// sets, text how it reads without its verb.
type keyedLine struct {
	verb, key, text string
	replace         *modfile.Replace
	godebug         *modfile.Godebug
}

func keyedLines(f *modfile.File) map[string]keyedLine {
	m := map[string]keyedLine{}
	for _, r := range f.Replace {
		l := keyedLine{verb: "replace", key: r.Old.String(), replace: r}
		l.text = strings.Join(slices.DeleteFunc([]string{
			modfile.AutoQuote(r.Old.Path), r.Old.Version, "=>", modfile.AutoQuote(r.New.Path), r.New.Version,
		}, func(s string) bool { return s == "" }), " ")
		m[l.verb+" "+l.key] = l
	}
	for _, g := range f.Godebug {
		l := keyedLine{verb: "godebug", key: g.Key, text: g.Key + "=" + g.Value, godebug: g}
		m[l.verb+" "+l.key] = l
	}
	return m
}

// A goModConflict is a replace or godebug line both sides changed differently, or a
// require theirs raises onto a version ours excludes; the versions that lack the line
// have an empty text.
type goModConflict struct {
	verb, key          string
	ours, base, theirs string
}

// mergeKeyed merges the replace and godebug lines into ours and returns the conflicts.
func mergeKeyed(b, o, t *modfile.File) ([]goModConflict, error) {
	base, ours, theirs := keyedLines(b), keyedLines(o), keyedLines(t)
	union := maps.Clone(ours)
	maps.Copy(union, theirs)
	keys := slices.Sorted(maps.Keys(union))
	var conflicts []goModConflict
	for _, k := range keys {
		bl, ol, tl := base[k], ours[k], theirs[k]
		switch {
		case ol.text == tl.text || tl.text == bl.text:
		case ol.text == bl.text:
			if err := setKeyed(o, ol, tl); err != nil {
				return nil, err
			}
		default:
			c := goModConflict{ours: ol.text, base: bl.text, theirs: tl.text}
			for _, l := range []keyedLine{ol, bl, tl} {
				if l.verb != "" {
					c.verb, c.key = l.verb, l.key
				}
			}
			conflicts = append(conflicts, c)
		}
	}
	return conflicts, nil
}

// setKeyed makes ours' line (ol, maybe absent) what theirs' is (tl, maybe absent).
func setKeyed(o *modfile.File, ol, tl keyedLine) error {
	var err error
	switch {
	case tl.replace != nil:
		r := tl.replace
		err = o.AddReplace(r.Old.Path, r.Old.Version, r.New.Path, r.New.Version)
	case tl.godebug != nil:
		err = o.AddGodebug(tl.godebug.Key, tl.godebug.Value)
	case ol.replace != nil:
		err = o.DropReplace(ol.replace.Old.Path, ol.replace.Old.Version)
	case ol.godebug != nil:
		err = o.DropGodebug(ol.godebug.Key)
	}
	if err != nil {
		return fmt.Errorf("merge go.mod: %s %s: %w", cmp.Or(tl.verb, ol.verb), cmp.Or(tl.key, ol.key), err)
	}
	return nil
}

// writeGoModConflicts replaces ours' line of each conflict in the formatted go.mod by a
// conflict block, or appends the block when ours has no such line.
func writeGoModConflicts(formatted []byte, conflicts []goModConflict, labels Labels) ([]byte, error) {
	f, err := modfile.Parse("go.mod (merged)", formatted, nil)
	if err != nil {
		return nil, fmt.Errorf("merge go.mod: %w", err)
	}
	lines := SplitLines(formatted)
	oursLine := map[string]*modfile.Line{}
	for path, r := range requireVersions(f) {
		oursLine["require "+path] = r.Syntax
	}
	for _, r := range f.Replace {
		oursLine["replace "+r.Old.String()] = r.Syntax
	}
	for _, g := range f.Godebug {
		oursLine["godebug "+g.Key] = g.Syntax
	}
	var appended []string
	// Replace lines from the bottom up, so the line numbers above stay right.
	slices.SortStableFunc(conflicts, func(a, b goModConflict) int {
		return lineOf(oursLine[b.verb+" "+b.key]) - lineOf(oursLine[a.verb+" "+a.key])
	})
	for _, c := range conflicts {
		l := oursLine[c.verb+" "+c.key]
		prefix := c.verb + " "
		if l != nil && l.InBlock {
			prefix = "\t"
		}
		section := func(text string) []string {
			if text == "" {
				return nil
			}
			return []string{prefix + text + "\n"}
		}
		var ours []string
		if l != nil {
			ours = lines[l.Start.Line-1 : l.End.Line]
		}
		block := conflictBlock(labels, ours, section(c.base), section(c.theirs), "\n")
		if l == nil {
			appended = append(appended, block...)
			continue
		}
		lines = slices.Replace(lines, l.Start.Line-1, l.End.Line, block...)
	}
	return []byte(strings.Join(append(lines, appended...), "")), nil
}

func lineOf(l *modfile.Line) int {
	if l == nil {
		return 0
	}
	return l.Start.Line
}
