package answers

import (
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
)

// Source says where a value came from, lowest precedence first.
type Source string

// Sources of values, in precedence order (a later source overrides an earlier one, except
// that locked preset values override everything).
const (
	FromDefault Source = "default"
	FromPreset  Source = "preset"
	FromFile    Source = "file"
	FromFlag    Source = "flag"
	FromAnswer  Source = "answer"
	FromLocked  Source = "locked"
)

// Value is one value given for a key and where it was given (a flag name or file:line:col).
type Value struct {
	Raw   any    // string, int or []string
	Where string // e.g. "--module" or "answers.yaml:3:9"
}

// Layer is a set of values from one source.
type Layer struct {
	Source Source
	Name   string           // e.g. the preset's or file's name, for messages
	Values map[string]Value // key -> value

	// With and Without add and remove features on top of the lower layers' set
	// (the --with/--without flags).
	With, Without []string

	// Locked lists keys whose value in this layer nobody may change (preset packs).
	Locked []string
	// LockedBy maps a locked key to the name of the preset that locks it, for messages: a
	// pack this layer's pack extends, directly or not, whose locked lists it; Name when
	// it has none.
	LockedBy map[string]string

	// Preset is the preset a replayed .gonew-prod.yaml record names, else nil.
	Preset *generator.RecordPreset
}

// Set records value v for key at where.
func (l *Layer) Set(key string, v any, where string) {
	if l.Values == nil {
		l.Values = map[string]Value{}
	}
	l.Values[key] = Value{Raw: v, Where: where}
}

// Origins records the source of every resolved value.
type Origins map[string]Source

// Defaults returns the built-in default layer.
func Defaults() Layer {
	l := Layer{Source: FromDefault, Name: "built-in defaults"}
	for _, k := range registry {
		if k.Default != nil {
			l.Set(k.Name, k.Default(), "built-in default")
		}
	}
	return l
}

// ErrMissing reports that a required value was given by no layer.
var ErrMissing = errors.New("missing required value")

// Resolve merges layers (lowest precedence first) on top of the built-in defaults and
// validates the result. Every value is validated against its own origin, so an error names
// the flag or file:line that gave it.
func Resolve(layers ...Layer) (Answers, Origins, error) {
	var (
		a       Answers
		origins = Origins{}
		where   = map[string]string{}
		locked  = map[string]*Layer{}
		// asked maps each feature a user asked for by name (an answers file, a flag or a
		// prompt) to where, so that a contradiction can name it.
		asked = map[string]string{}
	)
	all := append([]Layer{Defaults()}, dropForeignNames(layers)...)
	for i := range all {
		l := &all[i]
		for _, k := range registry {
			v, ok := l.Values[k.Name]
			if !ok {
				continue
			}
			if owner, isLocked := locked[k.Name]; isLocked && l.Source != FromLocked {
				if !k.Equal(v.Raw, owner.Values[k.Name].Raw) {
					return Answers{}, nil, &Error{Key: k.Name, Where: v.Where, Value: Display(v.Raw),
						Reason: fmt.Sprintf("%s is locked to %s by preset %s (%s)", k.Name, Display(owner.Values[k.Name].Raw), presetName(owner, k.Name), owner.Values[k.Name].Where),
						Advice: "; remove this value or use another preset"}
				}
				continue
			}
			if err := k.Check(v.Raw); err != nil {
				return Answers{}, nil, valueError(k, v, err)
			}
			k.set(&a, v.Raw)
			origins[k.Name], where[k.Name] = l.Source, v.Where
			if k.Name == KeyFeatures {
				clear(asked)
				if explicit(l.Source) {
					for _, f := range v.Raw.([]string) {
						asked[f] = v.Where
					}
				}
			}
		}
		for _, key := range l.Locked {
			if _, ok := l.Values[key]; ok {
				locked[key] = l
				origins[key] = FromLocked
			}
		}
		if len(l.With)+len(l.Without) > 0 {
			if err := applyWithWithout(&a, l, locked); err != nil {
				return Answers{}, nil, err
			}
			for _, f := range l.With {
				if explicit(l.Source) {
					asked[f] = "--with"
				}
			}
			for _, f := range l.Without {
				delete(asked, f)
			}
			if _, isLocked := locked[KeyFeatures]; !isLocked {
				// Under a lock the flags agreed with the locked set: it stays the source.
				origins[KeyFeatures], where[KeyFeatures] = l.Source, "--with/--without"
			}
		}
	}
	a.Features = canonical(a.Features)
	if err := checkResolvedGo(a.Go, where[KeyGo], origins[KeyGo], locked[KeyGo], runtime.Version()); err != nil {
		return Answers{}, nil, err
	}
	if a.Module == "" {
		return Answers{}, nil, fmt.Errorf("%w: module (pass --module, e.g. --module example.com/acme/orders)", ErrMissing)
	}
	if _, ok := origins[KeyName]; !ok {
		a.Name = NameFromModule(a.Module)
		if err := CheckName(a.Name); err != nil {
			return Answers{}, nil, &Error{Key: KeyName, Where: "name derived from the module", Value: a.Name,
				Reason: err.Error() + "; pass --name"}
		}
		origins[KeyName] = FromDefault
	}
	moveAdminPort(&a, origins)
	if err := checkLockedCI(&a, where, locked); err != nil {
		return Answers{}, nil, err
	}
	if err := crossCheck(&a, where, asked); err != nil {
		return Answers{}, nil, err
	}
	return a, origins, nil
}

// ForeignName reports the name l gives when l (an answers file) gives it together with a
// module other than module, the one resolved: that name is the identity of the service
// l was written for (a replayed record of orders named orders-api), not a setup value, so
// Resolve does not carry it over to another module's service and derives the name from
// module, as for a name nobody gave. The name a preset pack gives without locking it is
// the same unless the pack gives module too: a pack is for many services, and a name it
// gives belongs to the service of its module; one it locks is the pack's to decide.
func (l Layer) ForeignName(module string) (Value, bool) {
	name, hasName := l.Values[KeyName]
	mod, hasModule := l.Values[KeyModule]
	if !hasName || hasModule && mod.Raw == module {
		return Value{}, false
	}
	switch l.Source {
	case FromFile:
		return name, hasModule
	case FromPreset:
		return name, !slices.Contains(l.Locked, KeyName)
	}
	return Value{}, false
}

// dropForeignNames returns layers without the name of an answers file or preset pack
// whose module is not the one the layers resolve to (see ForeignName). The layers given
// are not changed.
func dropForeignNames(layers []Layer) []Layer {
	module, locked := "", false
	for _, l := range layers {
		if v, ok := l.Values[KeyModule]; ok && !locked {
			module, _ = v.Raw.(string)
			locked = slices.Contains(l.Locked, KeyModule)
		}
	}
	out := slices.Clone(layers)
	for i, l := range out {
		if _, foreign := l.ForeignName(module); foreign {
			l.Values = maps.Clone(l.Values)
			delete(l.Values, KeyName)
			out[i] = l
		}
	}
	return out
}

// valueError reports v, invalid for k, at its origin.
func valueError(k *Key, v Value, err error) error {
	if list, ok := v.Raw.([]string); ok && k.Kind == Set {
		for _, item := range list {
			if err := k.checkItem(item); err != nil {
				return &Error{Key: k.Name, Where: v.Where, Value: item, Reason: err.Error()}
			}
		}
	}
	return &Error{Key: k.Name, Where: v.Where, Value: Display(v.Raw), Reason: err.Error()}
}

// applyWithWithout adds and removes l's --with and --without features. Under a preset that
// locks features, a flag that agrees with the locked set (--with a feature it holds,
// --without one it leaves out) changes nothing and is accepted; one that contradicts it is
// refused like any other value that contradicts a locked key.
func applyWithWithout(a *Answers, l *Layer, locked map[string]*Layer) error {
	var lockedSet []string
	owner, isLocked := locked[KeyFeatures]
	if isLocked {
		lockedSet = owner.Values[KeyFeatures].Raw.([]string)
	}
	contradicts := func(flag, f string) error {
		v := owner.Values[KeyFeatures]
		return &Error{Key: KeyFeatures, Where: flag, Value: f,
			Reason: fmt.Sprintf("features is locked to %s by preset %s (%s)", Display(v.Raw), presetName(owner, KeyFeatures), v.Where),
			Advice: "; remove this value or use another preset"}
	}
	for _, f := range l.With {
		if err := CheckFeature(f); err != nil {
			return &Error{Key: "feature", Where: "--with", Value: f, Reason: err.Error()}
		}
		if isLocked && !slices.Contains(lockedSet, f) {
			return contradicts("--with", f)
		}
		if !a.Has(f) {
			a.Features = append(a.Features, f)
		}
	}
	for _, f := range l.Without {
		if err := CheckFeature(f); err != nil {
			return &Error{Key: "feature", Where: "--without", Value: f, Reason: err.Error()}
		}
		if slices.Contains(l.With, f) {
			return &Error{Key: "feature", Where: "--with/--without", Value: f, Reason: "given to both --with and --without"}
		}
		if isLocked && slices.Contains(lockedSet, f) {
			return contradicts("--without", f)
		}
		a.Features = slices.DeleteFunc(a.Features, func(g string) bool { return g == f })
	}
	return nil
}

// checkLockedCI holds a preset's lock on features or ci against the other key, which
// otherwise changes what the lock promised: ci none leaves out the ci feature, and a
// feature set without ci voids the ci provider. Each error names the preset and where it
// locks the key, and holds the key in Locked.
func checkLockedCI(a *Answers, where map[string]string, locked map[string]*Layer) error {
	if owner, ok := locked[KeyFeatures]; ok && a.CI == "none" && a.Has("ci") {
		v := owner.Values[KeyFeatures]
		return &Error{Key: KeyCI, Where: where[KeyCI], Value: a.CI, Locked: KeyFeatures,
			Reason: fmt.Sprintf("ci none would leave out the ci feature, and preset %s locks the features %s (%s)", presetName(owner, KeyFeatures), Display(v.Raw), v.Where),
			Advice: "; remove this value or use another preset"}
	}
	if owner, ok := locked[KeyCI]; ok && a.CI != "none" && !a.Has("ci") {
		v := owner.Values[KeyCI]
		return &Error{Key: KeyFeatures, Where: where[KeyFeatures], Value: strings.Join(a.Features, ","), Locked: KeyCI,
			Reason: fmt.Sprintf("leaves out the ci feature, and preset %s locks ci to %s (%s)", presetName(owner, KeyCI), Display(v.Raw), v.Where),
			Advice: "; keep the ci feature or use another preset"}
	}
	return nil
}

// moveAdminPort moves a defaulted admin port off the HTTP port (6060 given as http_port
// makes it 6061): the two must differ, whether or not pprof is on, since the admin port
// is recorded for a later add pprof. A given admin port is left for crossCheck and
// CheckNewPorts to hold to the rule. See AdminPortMoved.
func moveAdminPort(a *Answers, origins Origins) {
	if origins[KeyAdminPort] != FromDefault || a.AdminPort != a.HTTPPort {
		return
	}
	a.AdminPort = otherPort(a.HTTPPort)
}

// otherPort returns the port next to port (6061 for 6060; 65534 for 65535), for a
// port that must differ from it.
func otherPort(port int) int {
	if port < 65535 {
		return port + 1
	}
	return port - 1
}

// AdminPortMoved reports whether Resolve moved a's admin port off its default, which is
// a's HTTP port (see moveAdminPort), and returns the default, for a note.
func AdminPortMoved(a Answers, origins Origins) (int, bool) {
	def := mustLookup(KeyAdminPort).Default().(int)
	return def, origins[KeyAdminPort] == FromDefault && a.AdminPort != def && a.HTTPPort == def
}

// crossCheck applies the rules that involve several keys. A key whose feature is off is
// not checked against others: its value is not used.
func crossCheck(a *Answers, where, asked map[string]string) error {
	httpPort, adminPort := mustLookup(KeyHTTPPort), mustLookup(KeyAdminPort)
	if adminPort.Applies(*a) && a.HTTPPort == a.AdminPort {
		return &Error{Key: KeyAdminPort, Where: where[KeyHTTPPort] + " and " + where[KeyAdminPort], Value: fmt.Sprint(a.AdminPort),
			Reason: fmt.Sprintf("%s and %s must differ (%s serves on the admin port)", httpPort.Name, adminPort.Name, adminPort.Feature)}
	}
	if a.CI == "none" && a.Has("ci") {
		if at, ok := asked["ci"]; ok {
			return &Error{Key: KeyCI, Where: where[KeyCI] + " and " + at, Value: a.CI,
				Reason: "ci none contradicts the ci feature asked for; drop one (--without ci, or --ci github or gitlab)"}
		}
		// Nobody asked for the ci feature by name (it came with a default or preset set).
		a.Features = ProvidedFeatures(a.Features, a.CI)
	}
	return nil
}

// ProvidedFeatures returns the features a project whose CI provider is ci gets of
// features nobody asked for by name (a default or a preset set): without the ci feature
// when ci is none, since no provider means no CI. Resolve applies it; presets show prints
// a pack's features through it. features is not changed.
func ProvidedFeatures(features []string, ci string) []string {
	if ci != "none" {
		return features
	}
	return slices.DeleteFunc(slices.Clone(features), func(f string) bool { return f == "ci" })
}

// explicit reports whether values from src were chosen by the user, not defaulted.
func explicit(src Source) bool {
	return src == FromFile || src == FromFlag || src == FromAnswer
}

// canonical orders features as the manifest declares them, without duplicates.
func canonical(features []string) []string {
	out := []string{}
	for _, f := range Features() {
		if slices.Contains(features, f) {
			out = append(out, f)
		}
	}
	return out
}

// Display returns an answer's value as messages name it: a list as --features takes it
// (docker,ci), any other value as fmt prints it.
func Display(v any) string {
	switch v := v.(type) {
	case []string:
		return strings.Join(v, ",")
	default:
		return fmt.Sprint(v)
	}
}

// presetName returns the name of the preset that locks key in layer l (its LockedBy,
// else the preset that owns l), for messages that already say "preset" (preset layers
// are named "preset NAME").
func presetName(l *Layer, key string) string {
	if by := l.LockedBy[key]; by != "" {
		return by
	}
	return strings.TrimPrefix(l.Name, "preset ")
}

// Check validates every value of l on its own, naming where each was given; rules that
// involve several keys (distinct ports) are left to Resolve.
func (l Layer) Check() error {
	for _, k := range registry {
		if v, ok := l.Values[k.Name]; ok {
			if err := k.Check(v.Raw); err != nil {
				return valueError(k, v, err)
			}
		}
	}
	return nil
}
