package audit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// manifestDoc is a document of a manifest (or a patch) and the file it is in.
type manifestDoc struct {
	path string
	node *yaml.Node
}

// cmEntry is a key of a ConfigMap with its value, and where the value is set when
// that is known (set): a generator's literal or env file line. The entries of a
// ConfigMap manifest are placed at the reference to them.
type cmEntry struct {
	key, value string
	at         repo.Evidence
	set        bool
}

// configMaps are the ConfigMaps the repository defines, by name: from ConfigMap
// manifests and kustomize configMapGenerators (several of one name, such as a
// base's and an overlay's, all count). unread holds why the keys of a generated one
// are not known (an env file that is not in the repository).
type configMaps struct {
	data   map[string][]cmEntry
	unread map[string]string
}

// kustomizationName reports whether a file's name makes it a kustomization, the
// file kustomize reads in a directory.
func kustomizationName(name string) bool {
	return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization"
}

// kustomization is a kustomization file of the repository: the manifest files and
// the other kustomizations (bases) it takes as resources, and its patches.
type kustomization struct {
	path  string
	root  *yaml.Node
	files []string // manifest files of the repository it takes as resources
	bases []string // the paths of the kustomizations it takes as resources
	// components are the paths of the kustomize components it applies: their
	// patches apply to its resources, before its own.
	components []string
	patches    []kpatch
}

// kpatch is a patch of a kustomization: given inline (patches, patchesStrategicMerge
// and patchesJson6902 with a patch string) or in a file, with the objects it targets.
type kpatch struct {
	at     string     // the file that holds it: the kustomization (inline) or the patch file
	file   *yaml.Node // the path that names the patch file; nil inline
	listed bool       // the patch file is one of the manifests, and read with them
	unread bool       // the patch file is not read
	roots  []*yaml.Node
	target *yaml.Node
	text   string
	line   int
	err    error
}

// kustomizations reads the kustomization files of the repository.
func (a *auditor) kustomizations() []*kustomization {
	var out []*kustomization
	kusts := map[string]string{} // directory -> its kustomization
	for _, kpath := range a.r.Paths() {
		if kustomizationName(path.Base(kpath)) {
			kusts[path.Dir(kpath)] = kpath
		}
	}
	for _, kpath := range a.r.Paths() {
		if !kustomizationName(path.Base(kpath)) {
			continue
		}
		src, _ := a.r.ReadFile(kpath)
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) != 1 {
			continue // not YAML: listed with the manifests when it looks like one
		}
		k := &kustomization{path: kpath, root: doc.Content[0]}
		dir := path.Dir(kpath)
		for _, r := range slices.Concat(seqItems(get(k.root, "resources")), seqItems(get(k.root, "bases"))) {
			if r.Kind != yaml.ScalarNode || strings.Contains(r.Value, "://") {
				continue
			}
			f := path.Join(dir, r.Value)
			if base, ok := kusts[f]; ok {
				k.bases = append(k.bases, base)
			} else if slices.Contains(a.r.Manifests, f) {
				k.files = append(k.files, f)
			}
		}
		for _, c := range seqItems(get(k.root, "components")) {
			if comp, ok := kusts[path.Join(dir, c.Value)]; ok && c.Kind == yaml.ScalarNode {
				k.components = append(k.components, comp)
			}
		}
		type patchRef struct{ text, file, target *yaml.Node }
		var refs []patchRef
		for _, p := range seqItems(get(k.root, "patches")) {
			refs = append(refs, patchRef{get(p, "patch"), get(p, "path"), get(p, "target")})
		}
		for _, p := range seqItems(get(k.root, "patchesJson6902")) {
			refs = append(refs, patchRef{get(p, "patch"), get(p, "path"), get(p, "target")})
		}
		for _, p := range seqItems(get(k.root, "patchesStrategicMerge")) {
			if p.Kind == yaml.ScalarNode && strings.Contains(p.Value, "\n") {
				refs = append(refs, patchRef{text: p})
			} else {
				refs = append(refs, patchRef{file: p})
			}
		}
		for _, r := range refs {
			p := kpatch{at: kpath, target: r.target}
			switch {
			case r.text != nil && r.text.Kind == yaml.ScalarNode:
				p.text, p.line = r.text.Value, r.text.Line
				p.roots, p.err = patchRoots(p.text, r.text)
			case r.file != nil && r.file.Kind == yaml.ScalarNode:
				f := path.Join(dir, r.file.Value)
				p.at, p.file, p.listed = f, r.file, slices.Contains(a.r.Manifests, f)
				b, ok := a.r.ReadFile(f)
				if !ok {
					p.unread = true
					break
				}
				p.text, p.line = string(b), 1
				p.roots, p.err = patchRoots(p.text, nil)
			default:
				continue
			}
			k.patches = append(k.patches, p)
		}
		out = append(out, k)
	}
	return out
}

// readKustomizations reads the kustomizations ks for what they add to the
// containers of the manifests docs: their configMapGenerators (literals and env
// files) into cms; their patches given inline or in a file that is no manifest (a
// JSON 6902 list of operations). A strategic-merge patch is returned as a document,
// read as the manifests are; the operations of a JSON 6902 one that add or replace
// containers, env or envFrom are applied to the containers of docs that they
// target, and returned as container mappings (patched). An operation on the
// environment of a container that is not found in docs is noted as a manifest not
// read.
func (a *auditor) readKustomizations(ks []*kustomization, docs []manifestDoc, cms *configMaps) (extra, patched []manifestDoc) {
	for _, k := range ks {
		for _, gen := range seqItems(get(k.root, "configMapGenerator")) {
			a.readGenerator(k.path, path.Dir(k.path), gen, cms)
		}
		for _, p := range k.patches {
			switch {
			case p.listed:
				continue // read with the manifests
			case p.unread:
				if !slices.Contains(a.r.TooLarge, p.at) { // those are problems already, see skippedProcs
					a.manifestSkipped = append(a.manifestSkipped, a.unreadPatch(k.path, p.file, p.at))
				}
				continue
			case p.err != nil:
				a.manifestSkipped = append(a.manifestSkipped, skippedManifest{path: p.at,
					err: fmt.Sprintf("the patch at line %d is not read: %s", p.line, p.err), text: p.text})
			}
			for _, n := range p.roots {
				switch n.Kind {
				case yaml.MappingNode: // strategic merge: containers are merged by name
					extra = append(extra, manifestDoc{p.at, n})
				case yaml.SequenceNode: // JSON 6902 operations
					ok, why := true, ""
					for _, op := range n.Content {
						c, opOK, opWhy := applyOp(op, p.target, docs)
						if c != nil {
							patched = append(patched, manifestDoc{p.at, c})
						}
						if !opOK && ok {
							ok, why = false, opWhy
						}
					}
					if !ok {
						a.manifestSkipped = append(a.manifestSkipped, skippedManifest{path: p.at,
							err:  fmt.Sprintf("the JSON 6902 patch at line %d is not applied: %s", p.line, why),
							text: p.text})
					}
				}
			}
		}
	}
	return extra, patched
}

// unreadPatch notes the patch file f that the kustomization kpath names (at the
// node at) and that was not read: not in the repository (outside it, or made by a
// build), or of a name this audit does not read (patch.txt), whose mentions of the
// variables procs judges are looked for.
func (a *auditor) unreadPatch(kpath string, at *yaml.Node, f string) skippedManifest {
	named := fmt.Sprintf("named as a patch at %s:%d", kpath, at.Line)
	ev := a.r.At(kpath, at.Line)
	found, err := a.r.Mentions(f, "GOMAXPROCS", "GOMEMLIMIT", "GODEBUG")
	switch {
	case err == nil:
		return skippedManifest{path: f, err: named + ", in a file of a name this audit does not read", text: strings.Join(found, " "), named: ev}
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrInvalid):
		return skippedManifest{path: f, err: named + ", not in the repository", unseen: true, named: ev}
	}
	return skippedManifest{path: f, err: named + ", not read: " + err.Error(), unseen: true, named: ev}
}

// readGenerator reads a configMapGenerator of the kustomization kpath in dir: its
// literals (KEY=VALUE) and its env files (envs, or the older env), read as kustomize
// reads them (KEY=VALUE lines, # comments). A generator whose env file is not in the
// repository has keys this audit does not know.
func (a *auditor) readGenerator(kpath, dir string, gen *yaml.Node, cms *configMaps) {
	name := get(gen, "name")
	if name == nil || name.Kind != yaml.ScalarNode {
		return
	}
	for _, lit := range seqItems(get(gen, "literals")) {
		if k, v, ok := strings.Cut(lit.Value, "="); ok {
			cms.data[name.Value] = append(cms.data[name.Value], cmEntry{key: strings.TrimSpace(k), value: unquote(strings.TrimSpace(v)), at: a.r.At(kpath, lit.Line), set: true})
		}
	}
	files := seqItems(get(gen, "envs"))
	if env := get(gen, "env"); env != nil && env.Kind == yaml.ScalarNode {
		files = append(files, env)
	}
	for _, f := range files {
		p := path.Join(dir, f.Value)
		b, ok := a.r.ReadFile(p)
		if !ok {
			cms.unread[name.Value] = fmt.Sprintf("its env file %s (%s:%d) is not read", f.Value, kpath, f.Line)
			continue
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for line := 1; sc.Scan(); line++ {
			l := strings.TrimSpace(sc.Text())
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			if k, v, ok := strings.Cut(l, "="); ok {
				cms.data[name.Value] = append(cms.data[name.Value], cmEntry{key: strings.TrimSpace(k), value: unquote(strings.TrimSpace(v)), at: a.r.At(p, line), set: true})
			}
		}
	}
	if _, ok := cms.data[name.Value]; !ok && len(files) == 0 {
		cms.data[name.Value] = nil // files only (keys named after files), or nothing
	}
}

// unquote removes the quotes around a value, as kustomize does for literals.
func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// seqItems returns the items of a sequence node, or nothing.
func seqItems(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// patchRoots parses the documents of a patch. For an inline patch (held by the node
// in, a string of the kustomization), the lines of its nodes are made lines of the
// kustomization: those of a block scalar (patch: |) start on the line after the key,
// and the others are placed at the string.
func patchRoots(text string, in *yaml.Node) (out []*yaml.Node, err error) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		var doc yaml.Node
		if err = dec.Decode(&doc); err != nil {
			if err == io.EOF {
				err = nil
			}
			break
		}
		if len(doc.Content) == 1 {
			out = append(out, doc.Content[0])
		}
	}
	if in != nil {
		block := in.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
		for _, n := range out {
			relines(n, func(l int) int {
				if block {
					return in.Line + l
				}
				return in.Line
			})
		}
	}
	return out, err
}

func relines(n *yaml.Node, f func(int) int) {
	n.Line = f(n.Line)
	for _, c := range n.Content {
		relines(c, f)
	}
}

// applyOp applies a JSON 6902 operation to what this audit reads of containers: an
// add or replace of a container, of a container's env or envFrom (the list, or one
// entry) or of the value of one env entry. It returns the container mapping that
// holds what the operation gives (its name and image those of the container it
// changes in docs, found from target and the operation's path), or nil for an
// operation on something else. ok is false, with why, when the operation changes a
// container's environment but the container is not found.
func applyOp(op, target *yaml.Node, docs []manifestDoc) (c *yaml.Node, ok bool, why string) {
	kind, p, value := get(op, "op"), get(op, "path"), get(op, "value")
	if kind == nil || p == nil || value == nil || kind.Value != "add" && kind.Value != "replace" {
		return nil, true, ""
	}
	segs := strings.Split(strings.TrimPrefix(p.Value, "/"), "/")
	for i := range segs {
		segs[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(segs[i])
	}
	i := slices.IndexFunc(segs, func(s string) bool { return s == "containers" || s == "initContainers" })
	if i < 0 || i+1 >= len(segs) {
		// The pod spec or the list of containers itself: its containers are in value.
		if i >= 0 && segs[i] == "initContainers" {
			return underInit(value), true, ""
		}
		if i >= 0 || strings.Contains(p.Value, "spec") {
			return value, true, ""
		}
		return nil, true, ""
	}
	rest := segs[i+2:]
	if len(rest) == 0 {
		if segs[i] == "initContainers" {
			return underInit(value), true, ""
		}
		return value, true, "" // a whole container
	}
	if rest[0] != "env" && rest[0] != "envFrom" {
		return nil, true, ""
	}
	// The container changed, in the objects the patch targets.
	var ctr *yaml.Node
	for _, d := range docs {
		if !targets(target, d.node) {
			continue
		}
		if n := pointer(d.node, segs[:i+2]); n != nil && n.Kind == yaml.MappingNode {
			ctr = n
			break
		}
	}
	if ctr == nil {
		return nil, false, fmt.Sprintf("%s names a container that is not in the manifests read", p.Value)
	}
	scalar := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v, Line: op.Line} }
	out := &yaml.Node{Kind: yaml.MappingNode, Line: op.Line}
	for _, key := range []string{"name", "image", "restartPolicy"} {
		if n := get(ctr, key); n != nil {
			out.Content = append(out.Content, scalar(key), scalar(n.Value))
		}
	}
	list := value
	switch {
	case len(rest) == 1: // the list
	case len(rest) == 2: // one entry
		list = &yaml.Node{Kind: yaml.SequenceNode, Line: value.Line, Content: []*yaml.Node{value}}
	case len(rest) == 3 && rest[0] == "env" && rest[2] == "value": // the value of an entry
		n, err := strconv.Atoi(rest[1])
		entries := seqItems(get(ctr, "env"))
		if err != nil || n < 0 || n >= len(entries) || get(entries[n], "name") == nil {
			return nil, false, fmt.Sprintf("%s names an env entry that is not in the manifests read", p.Value)
		}
		list = &yaml.Node{Kind: yaml.SequenceNode, Line: value.Line, Content: []*yaml.Node{{Kind: yaml.MappingNode, Line: value.Line, Content: []*yaml.Node{
			scalar("name"), scalar(get(entries[n], "name").Value), scalar("value"), value}}}}
	default:
		return nil, true, ""
	}
	out.Content = append(out.Content, scalar(rest[0]), list)
	if segs[i] == "initContainers" {
		return underInit(out), true, ""
	}
	return out, true, ""
}

// underInit returns c, an init container or a list of them that a JSON 6902
// operation gives, as the initContainers list of a pod spec, so that walkContainers
// leaves out those that run before the containers start.
func underInit(c *yaml.Node) *yaml.Node {
	list := c
	if c.Kind != yaml.SequenceNode {
		list = &yaml.Node{Kind: yaml.SequenceNode, Line: c.Line, Content: []*yaml.Node{c}}
	}
	return &yaml.Node{Kind: yaml.MappingNode, Line: c.Line, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "initContainers", Line: c.Line}, list}}
}

// targets reports whether the patch target (kind and name; all objects when it is
// absent) selects the object root.
func targets(target, root *yaml.Node) bool {
	for _, key := range []string{"kind", "name"} {
		want := get(target, key)
		if want == nil {
			continue
		}
		have := get(root, key)
		if key == "name" {
			have = get(get(root, "metadata"), "name")
		}
		if have == nil || have.Value != want.Value {
			return false
		}
	}
	return true
}

// pointer returns the node at the JSON pointer segments segs below n, or nil.
func pointer(n *yaml.Node, segs []string) *yaml.Node {
	for _, s := range segs {
		switch n.Kind {
		case yaml.MappingNode:
			n = get(n, s)
		case yaml.SequenceNode:
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		default:
			return nil
		}
		if n == nil {
			return nil
		}
	}
	return n
}

// deployments returns the containers of the pod specs of docs (the manifests) as
// each is deployed, with the termination grace period and preStop hook that
// deployment gives it: a manifest that no kustomization takes as a resource (and
// that is no kustomization's patch) as it is written; one that kustomizations take,
// once for each kustomization that takes it, directly or through its bases, and
// that no other kustomization takes in turn (an overlay), with the patches of the
// kustomizations on the way applied, the base's first, and those of the components
// a kustomization names before its own (see applyPodPatch), and the images: of the
// kustomizations on the way (see kustomizedImage). The containers from a
// kustomization are deployedBy its path. chains holds, for the path of each manifest
// that kustomizations take, the kustomizations of each build of it, the one that
// takes it first.
func (a *auditor) deployments(ks []*kustomization, docs []manifestDoc, cms *configMaps) (out []container, chains map[string][][]*kustomization) {
	byPath := map[string]*kustomization{}
	taken, based, listed := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, k := range ks {
		byPath[k.path] = k
		for _, f := range k.files {
			taken[f], listed[f] = true, true
		}
		for _, b := range slices.Concat(k.bases, k.components) {
			based[b] = true
		}
		for _, p := range k.patches {
			if p.listed {
				taken[p.at] = true
			}
		}
	}
	chains = map[string][][]*kustomization{}
	for _, d := range docs {
		if !taken[d.path] {
			out = append(out, a.deployedPod(d, nil, nil, cms)...)
		}
	}
	// resources calls f for each manifest document k takes, with the kustomizations
	// from the one that takes it out to k.
	var resources func(k *kustomization, depth int, f func(manifestDoc, []*kustomization))
	resources = func(k *kustomization, depth int, f func(manifestDoc, []*kustomization)) {
		if depth > 16 { // a loop of bases
			return
		}
		for _, d := range docs {
			if slices.Contains(k.files, d.path) {
				f(d, []*kustomization{k})
			}
		}
		for _, b := range k.bases {
			if base := byPath[b]; base != nil {
				resources(base, depth+1, func(d manifestDoc, chain []*kustomization) { f(d, append(chain, k)) })
			}
		}
	}
	deployed := map[string]bool{}
	for _, k := range ks {
		if !based[k.path] {
			resources(k, 0, func(d manifestDoc, chain []*kustomization) {
				deployed[d.path] = true
				chains[d.path] = append(chains[d.path], chain)
				out = append(out, a.deployedPod(d, chain, byPath, cms)...)
			})
		}
	}
	// A resource only kustomizations that take each other as bases list (a loop, which
	// kustomize refuses to build) is judged as written; their patches are not.
	for _, d := range docs {
		if listed[d.path] && !deployed[d.path] {
			out = append(out, a.deployedPod(d, nil, nil, cms)...)
		}
	}
	return out, chains
}

// deployedPod returns the containers of the pod specs of manifest document d, with
// their grace period (see podGraces) and preStop hook, after the patches of the
// kustomizations of chain, in order, each after those of its components (found in
// byPath).
func (a *auditor) deployedPod(d manifestDoc, chain []*kustomization, byPath map[string]*kustomization, cms *configMaps) []container {
	graces := map[*yaml.Node]podGrace{}
	a.podGraces(d.path, d.node, graces)
	var out []container
	walkContainers(d.node, func(n *yaml.Node) {
		g, ok := graces[n]
		if !ok {
			return // an init container
		}
		c := a.readContainer(d.path, n, cms)
		c.setGrace(g)
		for _, k := range chain {
			var patches []kpatch
			for _, comp := range k.components {
				if byPath[comp] != nil {
					patches = append(patches, byPath[comp].patches...)
				}
			}
			for _, p := range append(patches, k.patches...) {
				for _, root := range p.roots {
					a.applyPodPatch(&c, d, n, p, root)
				}
			}
			c.image = kustomizedImage(c.image, k)
			c.deployedBy = k.path
		}
		out = append(out, c)
	})
	return out
}

// kustomizedImage returns image as the images: list of k gives it: the entry
// whose name is image's without its tag or digest replaces the name with its
// newName, and the tag with its newTag, or with its digest.
func kustomizedImage(image string, k *kustomization) string {
	name, digest, _ := strings.Cut(image, "@")
	tag := ""
	if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
		name, tag = name[:i], name[i+1:]
	}
	for _, e := range seqItems(get(k.root, "images")) {
		if n := get(e, "name"); n == nil || n.Kind != yaml.ScalarNode || n.Value != name {
			continue
		}
		if v := get(e, "newName"); v != nil && v.Kind == yaml.ScalarNode && v.Value != "" {
			name = v.Value
		}
		if v := get(e, "newTag"); v != nil && v.Kind == yaml.ScalarNode && v.Value != "" {
			tag, digest = v.Value, ""
		}
		if v := get(e, "digest"); v != nil && v.Kind == yaml.ScalarNode && v.Value != "" {
			tag, digest = "", v.Value
		}
		break
	}
	switch {
	case digest != "":
		return name + "@" + digest
	case tag != "":
		return name + ":" + tag
	}
	return name
}

// applyPodPatch applies to container c, the mapping ctr of manifest document d, what
// the patch document root of p sets of its grace period, preStop hook and probes: a
// strategic merge patch of d's object (its kind and name, or p's target) sets them
// by terminationGracePeriodSeconds in its pod spec and the lifecycle of the
// container of c's name, and its probes and ports by that container (see
// patchProbes); a JSON 6902 patch that targets d by the add, replace or remove of
// terminationGracePeriodSeconds, or of ctr's lifecycle, preStop hook, probes, ports
// or whole mapping (by its index in the containers list; see patchProbesOp).
func (a *auditor) applyPodPatch(c *container, d manifestDoc, ctr *yaml.Node, p kpatch, root *yaml.Node) {
	switch root.Kind {
	case yaml.MappingNode:
		if p.target != nil && !targets(p.target, d.node) || p.target == nil && !sameObject(root, d.node) {
			return
		}
		spec := podSpecIn(root)
		if spec == nil {
			return
		}
		if v := get(spec, "terminationGracePeriodSeconds"); v != nil {
			g := a.graceValue(p.at, v)
			c.setGrace(g)
		}
		for _, item := range seqItems(get(spec, "containers")) {
			if name := get(item, "name"); name != nil && name.Value == c.name {
				if hook := get(get(item, "lifecycle"), "preStop"); hook != nil {
					c.preStop = a.readPreStop(p.at, hook)
				}
				c.patchProbes(item, func(line int) repo.Evidence { return a.r.At(p.at, line) })
			}
		}
	case yaml.SequenceNode:
		if p.target == nil || !targets(p.target, d.node) {
			return
		}
		for _, op := range root.Content {
			kind, at, value := get(op, "op"), get(op, "path"), get(op, "value")
			if kind == nil || at == nil || kind.Value != "add" && kind.Value != "replace" && kind.Value != "remove" || kind.Value != "remove" && value == nil {
				continue
			}
			segs := strings.Split(strings.TrimPrefix(at.Value, "/"), "/")
			if segs[len(segs)-1] == "terminationGracePeriodSeconds" {
				if kind.Value == "remove" {
					c.setGrace(podGrace{seconds: 30, known: true})
				} else {
					g := a.graceValue(p.at, value)
					c.setGrace(g)
				}
				continue
			}
			i := slices.Index(segs, "containers")
			if i < 0 || i+1 >= len(segs) || pointer(d.node, segs[:i+2]) != ctr {
				continue
			}
			rest := segs[i+2:]
			if c.patchProbesOp(kind.Value, rest, value, func(line int) repo.Evidence { return a.r.At(p.at, line) }) {
				continue
			}
			var hook *yaml.Node
			switch {
			case slices.Equal(rest, []string{"lifecycle", "preStop"}):
				hook = value
			case slices.Equal(rest, []string{"lifecycle"}):
				hook = get(value, "preStop")
			case len(rest) == 0:
				hook = get(get(value, "lifecycle"), "preStop")
			default:
				continue
			}
			c.preStop = nil
			if kind.Value != "remove" && hook != nil {
				c.preStop = a.readPreStop(p.at, hook)
			}
		}
	}
}

// patchProbesOp applies to the probes and named ports of c (see patchProbes) a JSON
// 6902 operation op (add, replace or remove; value is nil for a remove) at the path
// rest below c's container mapping: a whole container that replaces c's takes its
// probes and ports from value; an operation on a probe, its httpGet or one of its
// path, port and scheme drops what it replaces or removes, then takes what value
// gives (one on another field of a probe, its timing or httpHeaders, changes nothing
// read); one on the ports list or an entry of it takes the ports value names. It
// reports whether rest is below a probe or the ports, which nothing else reads.
func (c *container) patchProbesOp(op string, rest []string, value *yaml.Node, at func(line int) repo.Evidence) bool {
	if len(rest) == 0 {
		if op != "remove" {
			c.probes, c.ports = [len(probeKinds)]probe{}, nil
			c.patchProbes(value, at)
		}
		return false // the container's lifecycle is read by the caller
	}
	k := slices.Index(probeKinds[:], rest[0])
	switch {
	case k >= 0 && (len(rest) > 3 || len(rest) > 1 && rest[1] != "httpGet" || len(rest) == 3 && !slices.Contains([]string{"path", "port", "scheme"}, rest[2])):
		// The probe's timing (initialDelaySeconds, periodSeconds), another handler's
		// field or httpGet's headers: nothing of the probe that is read.
		return true
	case k >= 0 && len(rest) <= 2: // the probe or its httpGet
		c.probes[k] = probe{kind: rest[0]}
	case k >= 0 && len(rest) == 3:
		pr := &c.probes[k]
		switch rest[2] {
		case "path":
			pr.path, pr.pathAt = "", repo.Evidence{}
		case "port":
			pr.port, pr.portAt = "", repo.Evidence{}
		case "scheme":
			pr.scheme, pr.schemeAt = "", repo.Evidence{}
		}
	case rest[0] == "ports" && len(rest) == 1:
		c.ports = nil
	case k < 0 && rest[0] != "ports":
		return false
	}
	if op == "remove" {
		return true
	}
	n := value
	for j := len(rest) - 1; j >= 0; j-- {
		if rest[0] == "ports" && j == 1 { // one entry, by its index or "-"
			n = &yaml.Node{Kind: yaml.SequenceNode, Line: n.Line, Content: []*yaml.Node{n}}
			continue
		}
		n = &yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: rest[j], Line: n.Line}, n}}
	}
	c.patchProbes(n, at)
	return true
}

// sameObject reports whether two objects have one kind and name.
func sameObject(x, y *yaml.Node) bool {
	for _, n := range []func(*yaml.Node) *yaml.Node{
		func(o *yaml.Node) *yaml.Node { return get(o, "kind") },
		func(o *yaml.Node) *yaml.Node { return get(get(o, "metadata"), "name") },
	} {
		if a, b := n(x), n(y); a == nil || b == nil || a.Value != b.Value {
			return false
		}
	}
	return true
}

// podSpecIn returns the first mapping under n that holds a pod spec's containers or
// terminationGracePeriodSeconds, or nil.
func podSpecIn(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.MappingNode && (get(n, "containers") != nil || get(n, "terminationGracePeriodSeconds") != nil) {
		return n
	}
	for _, c := range n.Content {
		if s := podSpecIn(c); s != nil {
			return s
		}
	}
	return nil
}
