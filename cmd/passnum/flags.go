package main

import (
	"flag"
	"io"
	"strings"

	"passnum/domain"
)

// flagSet is a command's flags; positional arguments may come before or after the flags
// (« passnum redeem 600001-03 --place pimms »), as people type them.
type flagSet struct {
	*flag.FlagSet
	args []string
}

func newFlags(name string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flagSet{FlagSet: fs}
}

// parse reads flags anywhere in args and keeps the positional ones.
func (f *flagSet) parse(args []string) error {
	for {
		if err := f.FlagSet.Parse(args); err != nil {
			return usageErr(f.Name(), err)
		}
		rest := f.FlagSet.Args()
		if len(rest) == 0 {
			return nil
		}
		if rest[0] == "--" {
			f.args = append(f.args, rest[1:]...)
			return nil
		}
		f.args = append(f.args, rest[0])
		args = rest[1:]
	}
}

// parseWith reads flags and exactly the named positional arguments, in one call.
func (f *flagSet) parseWith(args []string, names ...string) ([]string, error) {
	if err := f.parse(args); err != nil {
		return nil, err
	}
	return f.positional(names...)
}

// positional returns exactly n positional arguments or a usage error naming what is missing.
func (f *flagSet) positional(names ...string) ([]string, error) {
	if len(f.args) < len(names) {
		return nil, domain.Errorf(domain.KindInvalid, "passnum %s : il manque %s", f.Name(), strings.Join(names[len(f.args):], ", "))
	}
	if len(f.args) > len(names) {
		return nil, domain.Errorf(domain.KindInvalid, "passnum %s : argument en trop : %q (mettez les textes avec espaces entre guillemets)", f.Name(), strings.Join(f.args[len(names):], " "))
	}
	return f.args, nil
}

func usageErr(cmd string, err error) error {
	msg := err.Error()
	msg = strings.Replace(msg, "flag provided but not defined: ", "option inconnue : ", 1)
	msg = strings.Replace(msg, "flag needs an argument: ", "il manque la valeur de l'option ", 1)
	msg = strings.Replace(msg, "invalid value ", "valeur invalide ", 1)
	return domain.Errorf(domain.KindInvalid, "passnum %s : %s (passnum help pour l'aide)", cmd, msg)
}

// listFlag splits « a,b,c » into its items; an empty value gives an empty, non-nil list.
func listFlag(v string) []string {
	out := []string{}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// optBool is a boolean flag that remembers whether it was given (--pmr, --pmr=false).
type optBool struct{ set, v bool }

func (o *optBool) String() string   { return "" }
func (o *optBool) IsBoolFlag() bool { return true }
func (o *optBool) Set(s string) error {
	switch strings.ToLower(s) {
	case "true", "oui", "1", "":
		o.v = true
	case "false", "non", "0":
		o.v = false
	default:
		return domain.Errorf(domain.KindInvalid, "%q n'est pas oui/non", s)
	}
	o.set = true
	return nil
}

func (o *optBool) ptr() *bool {
	if !o.set {
		return nil
	}
	return &o.v
}

// optString is a string flag that remembers whether it was given (--levels "").
type optString struct {
	set bool
	v   string
}

func (o *optString) String() string { return o.v }
func (o *optString) Set(s string) error {
	o.v, o.set = s, true
	return nil
}
