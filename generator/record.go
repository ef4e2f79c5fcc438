package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// RecordFile is the path of the record every generated project carries.
const RecordFile = ".gonew-prod.yaml"

// MaxRecordSize bounds a record; a larger one is refused unread.
const MaxRecordSize = 4 << 20

// Record is what made a project: the generator version and templates, the preset and the
// answers, plus the checksum and owner of every generated file. With it, the exact render
// a project started from can be made again: the base of a later three-way merge.
type Record struct {
	Generator RecordGenerator `yaml:"generator"`
	Preset    RecordPreset    `yaml:"preset,omitempty"`
	Answers   Answers         `yaml:"answers"`
	// Components lists what `gonew-prod add` retrofitted into an existing repository, in
	// the order of the component list; empty for a project from `gonew-prod new`.
	Components []string `yaml:"components,omitempty,flow"`
	// Vars are the values the render was given besides the answers (Project.Vars).
	Vars  map[string]string `yaml:"vars,omitempty"`
	Files []RecordEntry     `yaml:"files"`
	// Blocks lists the guarded blocks inserted into files the tool does not own.
	Blocks []RecordBlock `yaml:"blocks,omitempty"`
	// Conflicts lists the files `gonew-prod update` left with conflict markers, and
	// those whose change it could not apply (see NotApplied).
	Conflicts []string `yaml:"conflicts,omitempty"`
	// NotApplied lists the files of Conflicts whose change `gonew-prod update` left not
	// applied, the user having deleted them (or put a link in their place): one brought
	// back by hand still lacks the change, which a resolved conflict does not.
	NotApplied []string `yaml:"not_applied,omitempty"`
}

// RecordKeys returns the top-level keys of a record, as Record's fields are encoded.
func RecordKeys() []string { return yamlKeys(reflect.TypeFor[Record]()) }

// yamlKeys returns the keys of the struct type t, as its fields are encoded.
func yamlKeys(t reflect.Type) []string {
	keys := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		keys = append(keys, name)
	}
	return keys
}

// RecordBlock is one guarded block in a file the tool does not own: the lines from the
// line holding BlockBegin+ID to the line holding BlockEnd+ID, markers included.
type RecordBlock struct {
	Path   string `yaml:"path"`
	ID     string `yaml:"id"`
	SHA256 string `yaml:"sha256"` // of the block's lines, markers included
}

// Markers of a guarded block, each followed by the block's id and written in a comment
// of the file's syntax ("# >>> gonew-prod:makefile" in a Makefile).
const (
	BlockBegin = ">>> gonew-prod:"
	BlockEnd   = "<<< gonew-prod:"
)

// RecordGenerator names the generator that rendered the project.
type RecordGenerator struct {
	Name string `yaml:"name"`
	// Version is the gonew-prod module version, "(devel)" when the build does not know it.
	Version string `yaml:"version"`
	// Templates is the sha256 of the built-in template tree (see TemplatesHash).
	Templates string `yaml:"templates"`
}

// RecordPreset names the preset the answers started from and where it came from.
type RecordPreset struct {
	Name    string `yaml:"name"`
	Source  string `yaml:"source"`
	Version string `yaml:"version,omitempty"`
	// Digest is "sha256:" and the hex sha256 of the pack's content as it was rendered
	// from (see Preset.Digest); "" for a built-in pack, and in a record written before
	// digests were recorded.
	Digest string `yaml:"digest,omitempty"`
}

// RecordEntry is the checksum and owner of one generated file, and its mode when that is
// not 0644.
type RecordEntry struct {
	Path   string `yaml:"path"`
	SHA256 string `yaml:"sha256"`
	Owner  Owner  `yaml:"owner"`
	// Mode is the file's permission bits in octal ("0755"), "" for 0644: a file a pack
	// makes executable (its executable: list) says so, so that a pack changed in place
	// by that alone no longer renders the recorded project. A record written before
	// modes were recorded has none.
	Mode string `yaml:"mode,omitempty"`
}

// recordMode returns the Mode a record entry holds for m.
func recordMode(m fs.FileMode) string {
	if m.Perm() == 0o644 {
		return ""
	}
	return fmt.Sprintf("%04o", uint32(m.Perm()))
}

// FileMode returns the mode e records: its Mode, 0644 when it has none.
func (e RecordEntry) FileMode() fs.FileMode {
	m, err := strconv.ParseUint(e.Mode, 8, 32)
	if e.Mode == "" || err != nil { // ParseRecord refuses a Mode that does not parse
		return 0o644
	}
	return fs.FileMode(m)
}

// Entry returns the record's entry for path, or nil.
func (r *Record) Entry(path string) *RecordEntry {
	if r == nil {
		return nil
	}
	for i := range r.Files {
		if r.Files[i].Path == path {
			return &r.Files[i]
		}
	}
	return nil
}

// The headers of records: what made the project, and what the record is used for.
const (
	recordHeader = `# Written by gonew-prod: what generated this project (generator version and templates,
# preset, answers) and the sha256 and owner of every file it wrote. Keep it in version
# control: "gonew-prod update" renders the recorded version again as the base of its
# three-way merge and uses the checksums to tell your edits apart, and
# "gonew-prod new --answers .gonew-prod.yaml" replays the same setup.
`
	retrofitHeader = `# Written by gonew-prod add: the components it retrofitted into this repository, with
# the generator version and templates, the values it inferred, the sha256 and owner of
# every file it wrote and the guarded blocks it inserted into yours. Keep it in version
# control: "gonew-prod update" renders the recorded version again as the base of its
# three-way merge, and a later "gonew-prod add" extends it.
`
)

// Sum returns the hex sha256 of content, as records store it.
func Sum(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}

// File renders r for files (sorted by path) as the project's RecordFile.
func (r Record) File(files []File) (File, error) {
	r.Files = make([]RecordEntry, 0, len(files))
	for _, f := range files {
		r.Files = append(r.Files, RecordEntry{Path: f.Path, SHA256: Sum(f.Content), Owner: f.Owner, Mode: recordMode(f.Mode)})
	}
	return r.Encode()
}

// Encode renders r as it stands as the project's RecordFile.
func (r Record) Encode() (File, error) {
	var buf bytes.Buffer
	if len(r.Components) > 0 {
		buf.WriteString(retrofitHeader)
	} else {
		buf.WriteString(recordHeader)
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(r); err != nil {
		return File{}, fmt.Errorf("render %s: %w", RecordFile, err)
	}
	if err := enc.Close(); err != nil {
		return File{}, fmt.Errorf("render %s: %w", RecordFile, err)
	}
	return File{Path: RecordFile, Mode: 0o644, Owner: OwnerTool, Content: buf.Bytes()}, nil
}

var (
	hexSum     = regexp.MustCompile(`^[0-9a-f]{64}$`)
	packDigest = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	octalMode  = regexp.MustCompile(`^0[0-7]{3}$`)
)

// ErrConflictMarker matches (errors.Is) the error of ParseRecord for a record that holds
// a git conflict marker: the fix is to resolve the conflict, not to restore the file.
var ErrConflictMarker = errors.New("a git conflict marker")

// RecordVersion returns the gonew-prod version a record names (generator: version:),
// read laxly, for a record ParseRecord refuses: one a later gonew-prod wrote, with keys
// this one does not know, still names the version that wrote it. It returns "" for none.
func RecordVersion(data []byte) string {
	var r struct {
		Generator RecordGenerator `yaml:"generator"`
	}
	if yaml.Unmarshal(data, &r) != nil {
		return ""
	}
	return r.Generator.Version
}

// ParseRecord decodes a record, refusing unknown keys, more than one document, invalid
// paths, checksums and owners. name is how messages call the file.
func ParseRecord(name string, data []byte) (*Record, error) {
	if len(data) > MaxRecordSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, MaxRecordSize)
	}
	if line := conflictMarkerLine(data); line > 0 {
		return nil, fmt.Errorf("%s:%d: %w: resolve the conflict in %s first, then run again", name, line, ErrConflictMarker, RecordFile)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlSyntax(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, yamlSyntax(name, err)
		}
		return nil, fmt.Errorf("%s: only one YAML document is allowed", pos(name, &extra))
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s is empty: it holds no record", name) // the caller, which may ask git, says how to restore it
	}
	root := doc.Content[0]
	if err := checkShape(name, root, reflect.TypeFor[Record](), ""); err != nil {
		return nil, err
	}
	var r Record
	if err := root.Decode(&r); err != nil {
		// checkShape refuses what Decode would: this is a defect, told as it is.
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	seen := map[string]bool{}
	for i, e := range r.Files {
		switch {
		case !fs.ValidPath(e.Path) || e.Path == ".":
			return nil, fmt.Errorf("%s: file %q is not a clean relative path", name, e.Path)
		case seen[e.Path]:
			return nil, fmt.Errorf("%s: file %s listed twice", name, e.Path)
		case !hexSum.MatchString(e.SHA256):
			return nil, fmt.Errorf("%s: file %s: sha256 %q is not 64 lower-case hex digits", name, e.Path, e.SHA256)
		case e.Mode != "" && !octalMode.MatchString(e.Mode):
			return nil, fmt.Errorf("%s: file %s: mode %q is not octal permission bits (0755)", name, e.Path, e.Mode)
		}
		switch e.Owner {
		case "":
			r.Files[i].Owner = OwnerTool // records written before owners were recorded
		case OwnerTool, OwnerUser, OwnerMerge:
		default:
			return nil, fmt.Errorf("%s: file %s: owner %q: want %s, %s or %s", name, e.Path, e.Owner, OwnerTool, OwnerUser, OwnerMerge)
		}
		seen[e.Path] = true
	}
	if err := checkDigest(r.Preset.Digest); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, b := range r.Blocks {
		switch {
		case !fs.ValidPath(b.Path) || b.Path == ".":
			return nil, fmt.Errorf("%s: block %q: %q is not a clean relative path", name, b.ID, b.Path)
		case !blockID.MatchString(b.ID):
			return nil, fmt.Errorf("%s: block id %q: want lower-case letters, digits and '-'", name, b.ID)
		case !hexSum.MatchString(b.SHA256):
			return nil, fmt.Errorf("%s: block %s in %s: sha256 %q is not 64 lower-case hex digits", name, b.ID, b.Path, b.SHA256)
		}
	}
	for _, c := range r.Conflicts {
		if !fs.ValidPath(c) || c == "." {
			return nil, fmt.Errorf("%s: conflict %q is not a clean relative path", name, c)
		}
	}
	for _, c := range r.NotApplied {
		if !slices.Contains(r.Conflicts, c) {
			return nil, fmt.Errorf("%s: not_applied lists %q, which conflicts does not: put the path back in conflicts, or remove it from not_applied", name, c)
		}
	}
	return &r, nil
}

// checkDigest refuses a recorded pack digest d that is not of the form gonew-prod writes;
// "" (a built-in pack, a record older than digests) is none.
func checkDigest(d string) error {
	if d != "" && !packDigest.MatchString(d) {
		return fmt.Errorf("preset digest %q is not sha256: and 64 lower-case hex digits", d)
	}
	return nil
}

// ParseRecordPreset decodes n, the preset mapping of a record read as an answers file
// (name is how messages call the file), as ParseRecord decodes the record's: an unknown
// or repeated key, a value of the wrong kind, or a digest not of the form gonew-prod
// writes is refused at its file:line:column, with the known keys.
func ParseRecordPreset(name string, n *yaml.Node) (RecordPreset, error) {
	var rp RecordPreset
	if n.Kind != yaml.MappingNode {
		return rp, fmt.Errorf("%s: preset must be a mapping of name, source, version and digest", pos(name, n))
	}
	if err := checkShape(name, n, reflect.TypeFor[RecordPreset](), "preset"); err != nil {
		return rp, err
	}
	if err := n.Decode(&rp); err != nil {
		return rp, fmt.Errorf("%s: %w", pos(name, n), err)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "digest" {
			if err := checkDigest(rp.Digest); err != nil {
				return rp, fmt.Errorf("%s: %w (the digest gonew-prod recorded: restore the line from the record's history, or delete it to take the pack as found)", pos(name, n.Content[i+1]), err)
			}
		}
	}
	return rp, nil
}

// conflictMarkerLine returns the number (from 1) of the first line of data that opens or
// closes a git conflict block ("<<<<<<<" or ">>>>>>>", alone or followed by a space and
// a label), 0 when there is none. The record's own lines never start so.
func conflictMarkerLine(data []byte) int {
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		for _, m := range []string{"<<<<<<<", ">>>>>>>"} {
			if line == m || strings.HasPrefix(line, m+" ") {
				return i + 1
			}
		}
	}
	return 0
}

// yamlSyntax gives a syntax error of yaml v3 in the file called name its line, in the
// form "name:LINE: invalid YAML: reason".
func yamlSyntax(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: invalid YAML: %s", name, m[1], strings.TrimPrefix(msg, m[0]))
	}
	return fmt.Errorf("%s: invalid YAML: %s", name, msg)
}

var yamlLine = regexp.MustCompile(`^line (\d+): `)

// pos returns where node n is in the file called name: "name:line:column".
func pos(name string, n *yaml.Node) string {
	return fmt.Sprintf("%s:%d:%d", name, n.Line, n.Column)
}

// checkShape refuses a node that cannot hold a value of type t: an unknown or repeated
// key of a struct, or a node of the wrong kind, at the node's file:line:column. at is
// the key path of the node, "" for the document's root.
func checkShape(name string, n *yaml.Node, t reflect.Type, at string) error {
	what := "the record"
	if at != "" {
		what = at
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil // the zero value
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return fmt.Errorf("%s: %s must be a mapping", pos(name, n), what)
		}
		fields := map[string]reflect.Type{}
		var keys []string
		for i := range t.NumField() {
			key, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			fields[key] = t.Field(i).Type
			keys = append(keys, key)
		}
		in := ""
		if at != "" {
			in = " in " + at
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			switch {
			case !ok:
				return fmt.Errorf("%s: unknown key %q%s (known keys: %s)", pos(name, k), k.Value, in, strings.Join(keys, ", "))
			case seen[k.Value]:
				return fmt.Errorf("%s: key %q given twice%s", pos(name, k), k.Value, in)
			}
			seen[k.Value] = true
			if err := checkShape(name, v, ft, strings.TrimPrefix(at+"."+k.Value, ".")); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return fmt.Errorf("%s: %s must be a mapping", pos(name, n), what)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return fmt.Errorf("%s: the keys of %s must be strings", pos(name, k), what)
			}
			if err := checkShape(name, v, t.Elem(), at+"."+k.Value); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return fmt.Errorf("%s: %s must be a list", pos(name, n), what)
		}
		for i, item := range n.Content {
			if err := checkShape(name, item, t.Elem(), fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s: %s must be a string", pos(name, n), what)
		}
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			return fmt.Errorf("%s: %s must be an integer", pos(name, n), what)
		}
	default:
		return fmt.Errorf("%s: %s: no check of its values", pos(name, n), what)
	}
	return nil
}

var blockID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// TemplatesHash returns "sha256:" and the hex sha256 of every file of a template tree
// (paths and contents, in path order): it names the templates a project was rendered
// from, so that a record tells whether the running binary's templates are the same.
func TemplatesHash(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hash templates: %w", err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// KeepComments returns content, a record file Encode rendered, with the comments of old,
// the record file it replaces, that Encode does not write carried over (a team's note of
// why an answer is what it is): each to the key it stands at, or the list item (a file or
// block by its path and id, a component or conflict by its value), when content has it.
// It returns the comments whose key or item content no longer has, which it drops:
// callers say so. A record whose comments are only those Encode writes, or that does not
// parse, gives content as it is. old may have CRLF line endings; content has LF ones.
// A UTF-8 byte order mark an editor saved at the start of old stays at the start of the
// result (the caller puts back old's line endings).
func KeepComments(old, content []byte) ([]byte, []string) {
	old, hasBOM := bytes.CutPrefix(old, bom)
	kept, dropped := keepComments(old, content)
	if hasBOM {
		kept = slices.Concat(bom, kept)
	}
	return kept, dropped
}

// bom is the UTF-8 byte order mark, which an editor may save at the start of the record.
var bom = []byte("\ufeff")

// keepComments is KeepComments of an old record without a byte order mark.
func keepComments(old, content []byte) ([]byte, []string) {
	if lf, ok := Committed(old); ok {
		old = lf
	}
	oldHead, oldBody := cutHeader(old)
	newHead, newBody := cutHeader(content)
	var o, n yaml.Node
	if yaml.Unmarshal(oldBody, &o) != nil || yaml.Unmarshal(newBody, &n) != nil || len(o.Content) != 1 || len(n.Content) != 1 {
		return content, nil
	}
	if oldHead == "" {
		// A header the user changed (or removed) is a comment of theirs: it stands
		// instead of Encode's.
		newHead = ""
	}
	var dropped []string
	carried := carryComments(o.Content[0], n.Content[0], &dropped)
	if o.HeadComment != "" || o.FootComment != "" {
		n.HeadComment, n.FootComment = o.HeadComment, o.FootComment
		carried = true
	}
	if !carried {
		return content, dropped
	}
	var buf bytes.Buffer
	buf.WriteString(newHead)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if enc.Encode(&n) != nil || enc.Close() != nil || !sameRecord(buf.Bytes(), content) {
		// Never a record that says other than content: the comments go instead.
		return content, allComments(&o)
	}
	return buf.Bytes(), dropped
}

// RebaseRecord returns the record file data of a project in the directory dir
// (slash-separated) with the paths of its files and blocks joined to dir, as they are
// from the directory above: what KeepComments takes as the old record when the record
// moves up there, so that comments at its entries stay. Its comments are kept, and a
// byte order mark at its start; data as it is when it does not parse.
func RebaseRecord(data []byte, dir string) []byte {
	if rest, ok := bytes.CutPrefix(data, bom); ok {
		return slices.Concat(bom, RebaseRecord(rest, dir))
	}
	if lf, ok := Committed(data); ok {
		data = lf
	}
	head, body := cutHeader(data)
	var n yaml.Node
	if yaml.Unmarshal(body, &n) != nil || len(n.Content) != 1 || n.Content[0].Kind != yaml.MappingNode {
		return data
	}
	top := n.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if k := top.Content[i].Value; (k != "files" && k != "blocks") || top.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range top.Content[i+1].Content {
			for j := 0; item.Kind == yaml.MappingNode && j+1 < len(item.Content); j += 2 {
				if item.Content[j].Value == "path" {
					item.Content[j+1].Value = path.Join(dir, item.Content[j+1].Value)
				}
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString(head)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if enc.Encode(&n) != nil || enc.Close() != nil {
		return data
	}
	return buf.Bytes()
}

// sameRecord reports whether the record files a and b decode to the same record.
func sameRecord(a, b []byte) bool {
	var ra, rb Record
	return yaml.Unmarshal(a, &ra) == nil && yaml.Unmarshal(b, &rb) == nil && reflect.DeepEqual(ra, rb)
}

// allComments returns every comment of the node n and those below it.
func allComments(n *yaml.Node) []string {
	var out []string
	yamlWalk(n, func(x *yaml.Node) {
		for _, c := range []string{x.HeadComment, x.LineComment, x.FootComment} {
			if c != "" {
				out = append(out, c)
			}
		}
	})
	return out
}

// cutHeader splits a record file into the header Encode writes, when it starts with one,
// and the rest.
func cutHeader(data []byte) (head string, body []byte) {
	for _, h := range []string{recordHeader, retrofitHeader} {
		if rest, ok := bytes.CutPrefix(data, []byte(h)); ok {
			return h, rest
		}
	}
	return "", data
}

// carryComments copies the comments of the node o to the node n, which stands for it in
// the record that replaces o's, and so down their keys and items; it appends to dropped
// the comments of o's keys and items n lacks, and reports whether it carried any.
func carryComments(o, n *yaml.Node, dropped *[]string) bool {
	carried := false
	copyOwn := func(o, n *yaml.Node) {
		if o.HeadComment != "" || o.LineComment != "" || o.FootComment != "" {
			n.HeadComment, n.LineComment, n.FootComment = o.HeadComment, o.LineComment, o.FootComment
			carried = true
		}
	}
	drop := func(o *yaml.Node) { *dropped = append(*dropped, allComments(o)...) }
	copyOwn(o, n)
	switch {
	case o.Kind == yaml.MappingNode && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(o.Content); i += 2 {
			j := -1
			for k := 0; k+1 < len(n.Content) && j < 0; k += 2 {
				if n.Content[k].Value == o.Content[i].Value {
					j = k
				}
			}
			if j < 0 {
				drop(o.Content[i])
				drop(o.Content[i+1])
				continue
			}
			copyOwn(o.Content[i], n.Content[j])
			carried = carryComments(o.Content[i+1], n.Content[j+1], dropped) || carried
		}
	case o.Kind == yaml.SequenceNode && n.Kind == yaml.SequenceNode:
		for _, item := range o.Content {
			j := slices.IndexFunc(n.Content, func(x *yaml.Node) bool { return itemKey(x) == itemKey(item) })
			if j < 0 {
				drop(item)
				continue
			}
			carried = carryComments(item, n.Content[j], dropped) || carried
		}
	case o.Kind != n.Kind:
		for _, c := range o.Content {
			drop(c)
		}
	}
	return carried
}

// itemKey identifies an item of a list of a record: a scalar by its value, a file or a
// block by its path and id.
func itemKey(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return n.Value
	}
	var key string
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; k == "path" || k == "id" {
			key += k + "\x00" + n.Content[i+1].Value + "\x00"
		}
	}
	return key
}

// yamlWalk calls f for n and every node below it.
func yamlWalk(n *yaml.Node, f func(*yaml.Node)) {
	f(n)
	for _, c := range n.Content {
		yamlWalk(c, f)
	}
}
