package answers

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	l.Set(KeyFramework, "gin", "built-in default")
	l.Set(KeyGo, DefaultGo(), "built-in default")
	l.Set(KeyFeatures, Features(), "built-in default")
	l.Set(KeyCI, "github", "built-in default")
	l.Set(KeyHTTPPort, 8080, "built-in default")
	l.Set(KeyAdminPort, 6060, "built-in default")
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
		locked  = map[string]*Layer{}
	)
	all := append([]Layer{Defaults()}, layers...)
	feats := map[string]bool{}
	for i := range all {
		l := &all[i]
		for _, key := range keys {
			v, ok := l.Values[key]
			if !ok {
				continue
			}
			if owner, isLocked := locked[key]; isLocked && l.Source != FromLocked {
				if same, err := equalValue(key, v.Raw, owner.Values[key].Raw); err != nil || !same {
					return Answers{}, nil, &Error{Key: key, Where: v.Where, Value: display(v.Raw),
						Reason: fmt.Sprintf("%s is locked to %s by preset %s; remove this value or use another preset", key, display(owner.Values[key].Raw), presetName(owner))}
				}
				continue
			}
			if err := apply(&a, feats, key, v); err != nil {
				return Answers{}, nil, err
			}
			origins[key] = l.Source
		}
		for _, key := range l.Locked {
			if _, ok := l.Values[key]; ok {
				locked[key] = l
				origins[key] = FromLocked
			}
		}
		if len(l.With)+len(l.Without) > 0 {
			if owner, isLocked := locked[KeyFeatures]; isLocked {
				return Answers{}, nil, &Error{Key: KeyFeatures, Where: "--with/--without", Value: strings.Join(append(l.With, l.Without...), ","),
					Reason: fmt.Sprintf("features are locked by preset %s", presetName(owner))}
			}
			for _, f := range l.With {
				if err := CheckFeature(f); err != nil {
					return Answers{}, nil, &Error{Key: "feature", Where: "--with", Value: f, Reason: err.Error()}
				}
				feats[f] = true
			}
			for _, f := range l.Without {
				if err := CheckFeature(f); err != nil {
					return Answers{}, nil, &Error{Key: "feature", Where: "--without", Value: f, Reason: err.Error()}
				}
				if slices.Contains(l.With, f) {
					return Answers{}, nil, &Error{Key: "feature", Where: "--with/--without", Value: f, Reason: "given to both --with and --without"}
				}
				delete(feats, f)
			}
			origins[KeyFeatures] = l.Source
		}
	}
	a.Features = a.Features[:0]
	for _, f := range features {
		if feats[f] {
			a.Features = append(a.Features, f)
		}
	}
	if a.Module == "" {
		return Answers{}, nil, fmt.Errorf("%w: module (pass --module, e.g. --module example.com/acme/orders)", ErrMissing)
	}
	if _, ok := origins[KeyName]; !ok {
		a.Name = NameFromModule(a.Module)
		if err := CheckName(a.Name); err != nil {
			return Answers{}, nil, &Error{Key: KeyName, Where: "name derived from --module", Value: a.Name,
				Reason: err.Error() + "; pass --name"}
		}
		origins[KeyName] = FromDefault
	}
	if a.HTTPPort == a.AdminPort {
		return Answers{}, nil, &Error{Key: KeyAdminPort, Where: "answers", Value: strconv.Itoa(a.AdminPort),
			Reason: "http_port and admin_port must differ"}
	}
	return a, origins, nil
}

// apply validates v against key's rule and stores it in a.
func apply(a *Answers, feats map[string]bool, key string, v Value) error {
	bad := func(reason string) error {
		return &Error{Key: key, Where: v.Where, Value: display(v.Raw), Reason: reason}
	}
	if key == KeyFeatures {
		list, ok := v.Raw.([]string)
		if !ok {
			return bad("must be a list of features")
		}
		clear(feats)
		for _, f := range list {
			if err := CheckFeature(f); err != nil {
				return &Error{Key: KeyFeatures, Where: v.Where, Value: f, Reason: err.Error()}
			}
			feats[f] = true
		}
		return nil
	}
	if key == KeyHTTPPort || key == KeyAdminPort {
		p, ok := v.Raw.(int)
		if !ok {
			return bad("must be an integer")
		}
		if err := CheckPort(p); err != nil {
			return bad(err.Error())
		}
		if key == KeyHTTPPort {
			a.HTTPPort = p
		} else {
			a.AdminPort = p
		}
		return nil
	}
	s, ok := v.Raw.(string)
	if !ok {
		return bad("must be a string")
	}
	check, field := map[string]func(string) error{
		KeyModule: CheckModule, KeyName: CheckName, KeyFramework: CheckFramework, KeyGo: CheckGo, KeyCI: CheckCI,
	}[key], map[string]*string{
		KeyModule: &a.Module, KeyName: &a.Name, KeyFramework: &a.Framework, KeyGo: &a.Go, KeyCI: &a.CI,
	}[key]
	if err := check(s); err != nil {
		return bad(err.Error())
	}
	*field = s
	return nil
}

func equalValue(key string, x, y any) (bool, error) {
	if key == KeyFeatures {
		xs, ok1 := x.([]string)
		ys, ok2 := y.([]string)
		if !ok1 || !ok2 {
			return false, fmt.Errorf("features must be lists")
		}
		xs, ys = slices.Clone(xs), slices.Clone(ys)
		slices.Sort(xs)
		slices.Sort(ys)
		return slices.Equal(slices.Compact(xs), slices.Compact(ys)), nil
	}
	return x == y, nil
}

func display(v any) string {
	switch v := v.(type) {
	case []string:
		return strings.Join(v, ",")
	default:
		return fmt.Sprint(v)
	}
}

// presetName returns the name of the preset that owns layer l, for messages that already
// say "preset" (preset layers are named "preset NAME").
func presetName(l *Layer) string { return strings.TrimPrefix(l.Name, "preset ") }

// Check validates every value of l on its own, naming where each was given; rules that
// involve several keys (distinct ports) are left to Resolve.
func (l Layer) Check() error {
	for _, key := range keys {
		if v, ok := l.Values[key]; ok {
			if err := apply(&Answers{}, map[string]bool{}, key, v); err != nil {
				return err
			}
		}
	}
	return nil
}
