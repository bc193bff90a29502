package grammar

import "time"

func add(partner, property string) Pair {
	return Pair{Action: ActionAdd, Partner: partner, Property: property}
}

func remove(partner, property string) Pair {
	return Pair{Action: ActionRemove, Partner: partner, Property: property}
}

// parseTimeBound is what package parser's TestHostileInputs allows one
// message, and so at most what reading the requests of one body may take;
// under -race it is eight times as long.
const parseTimeBound = 4 * time.Second
