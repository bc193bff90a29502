package visible

import "math"

// cssTokens splits a CSS value into words (numbers with their units,
// identifiers) and the parentheses "(" and ")", dropping white space and
// the separators ',' '/' and '*'. It is linear in the length of v.
func cssTokens(v string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, v[start:end])
			start = -1
		}
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case ' ', '\t', '\n', ',', '/', '*':
			flush(i)
		case '(', ')':
			flush(i)
			out = append(out, v[i:i+1])
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(v))
	return out
}

// transformKinds groups the transform functions hides judges.
var transformKinds = map[string]string{
	"translate": "translate", "translatex": "translate", "translatey": "translate",
	"translatez": "translate", "translate3d": "translate",
	"scale": "scale", "scalex": "scale", "scaley": "scale", "scale3d": "scale",
	"rotatex": "rotate", "rotatey": "rotate", "rotate3d": "rotate3d",
	"rotate": "turn", "rotatez": "turn",
	"matrix": "matrix", "matrix3d": "matrix3d",
}

// transformHides reports a transform that moves the element 500px or
// more away, scales it under a fifth, mirrors it, turns it edge on or
// upside down, or that cannot be judged: a function such as calc() inside
// a translation, scale or rotation. The translate, scale and rotate
// properties have rows of their own in hideRules.
func transformHides(v string) bool {
	type frame struct {
		name string
		args []string
	}
	var stack []frame
	toks := cssTokens(v)
	for i, t := range toks {
		switch {
		case t == "(":
			name := ""
			if i > 0 && toks[i-1] != "(" && toks[i-1] != ")" {
				name = toks[i-1]
			}
			if len(stack) > 0 && transformKinds[stack[len(stack)-1].name] != "" {
				return true // calc() or the like: cannot be judged
			}
			stack = append(stack, frame{name: name})
		case t == ")":
			if len(stack) == 0 {
				continue
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if hidesByMatrix(transformKinds[f.name], f.args) ||
				(transformKinds[f.name] == "rotate3d" && rotateHides(f.args)) {
				return true
			}
		case len(stack) > 0 && (i+1 == len(toks) || toks[i+1] != "("):
			f := &stack[len(stack)-1]
			f.args = append(f.args, t)
			if hidesByArg(transformKinds[f.name], t) {
				return true
			}
		}
	}
	return false
}

// hidesByArg judges one argument of a translation, scale or rotation.
func hidesByArg(kind, arg string) bool {
	switch kind {
	case "translate":
		return isFarOff(arg)
	case "scale":
		return anyTinyScale([]string{arg})
	case "rotate":
		return isEdgeOn(arg)
	case "turn":
		return isUpsideDown(arg)
	}
	return false
}

// rotateHides judges a rotate property ("90deg", "x 90deg", "1 0 0 90deg")
// or the arguments of rotate3d(): about the z axis only when the text is
// turned upside down, about any other axis unless the turn is within 10
// degrees of none.
func rotateHides(args []string) bool {
	if len(args) == 0 {
		return false
	}
	angle := args[len(args)-1]
	axis := args[:len(args)-1]
	aboutZ := len(axis) == 0 || (len(axis) == 1 && axis[0] == "z")
	if len(axis) == 3 {
		x, _, okx := parseLength(axis[0])
		y, _, oky := parseLength(axis[1])
		aboutZ = okx && oky && x == 0 && y == 0
	}
	if aboutZ {
		return isUpsideDown(angle)
	}
	a, ok := angleFromNone(angle)
	return !ok || a > 10 // or cannot be judged
}

// isUpsideDown reports a rotation in the plane that turns text more than
// a quarter turn either way, so that it reads upside down.
func isUpsideDown(arg string) bool {
	a, ok := angleFromNone(arg)
	return ok && a > 90
}

// hidesByMatrix reports a matrix(a, b, c, d, tx, ty) or matrix3d that
// collapses the x or y axis or translates far off.
func hidesByMatrix(kind string, args []string) bool {
	var x, y, tx, ty []string
	switch {
	case kind == "matrix" && len(args) == 6:
		x, y, tx, ty = args[0:2], args[2:4], args[4:5], args[5:6]
	case kind == "matrix3d" && len(args) == 16:
		x, y, tx, ty = args[0:3], args[4:7], args[12:13], args[13:14]
	default:
		return false
	}
	return allTinyScale(x) || allTinyScale(y) || isFarOff(tx[0]) || isFarOff(ty[0])
}

func allTinyScale(args []string) bool {
	for _, a := range args {
		if !anyTinyScale([]string{a}) {
			return false
		}
	}
	return true
}

// anyTinyScale reports a scale factor (a number or percentage) under a
// fifth in size, or negative, which mirrors the text.
func anyTinyScale(args []string) bool {
	for _, a := range args {
		n, unit, ok := parseLength(a)
		if unit == "%" {
			n /= 100
		}
		if ok && (unit == "" || unit == "%") && (math.Abs(n) < 0.2 || n < 0) {
			return true // too small, or mirrored
		}
	}
	return false
}

// degreesPer converts the CSS angle units to degrees.
var degreesPer = map[string]float64{"deg": 1, "grad": 0.9, "rad": 180 / math.Pi, "turn": 360}

// isEdgeOn reports a rotation about the x or y axis within 10 degrees of
// a quarter turn, which leaves the text edge on to the reader.
func isEdgeOn(arg string) bool {
	a, ok := angleFromNone(arg)
	return ok && math.Abs(a-90) <= 10
}

// angleFromNone returns how far the CSS angle arg turns from no turn at
// all, in degrees from 0 to 180; ok is false when arg is no angle.
func angleFromNone(arg string) (float64, bool) {
	n, unit, ok := parseLength(arg)
	f, known := degreesPer[unit]
	if !ok || !known {
		return 0, false
	}
	off := math.Mod(math.Abs(n*f), 360)
	return min(off, 360-off), true
}
