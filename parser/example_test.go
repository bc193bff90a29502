package parser_test

import (
	"fmt"
	"strings"

	"intake/parser"
)

// ExampleParse reads a reply that grants two partners access to a property
// and asks for one removal. The quoted instructions below the reply are
// not read: only the new, visible text counts.
func ExampleParse() {
	raw := `Authentication-Results: mx.door.com;
	dkim=pass header.d=pines.example header.s=s1;
	spf=pass smtp.mailfrom=pines.example;
	dmarc=pass (p=reject) header.from=pines.example
Received: from mail.pines.example (mail.pines.example [192.0.2.10])
	by mx.door.com with ESMTPS id 4AbC; Mon, 23 Nov 2026 10:00:05 +0000
From: Maria Lopez <maria@pines.example>
To: integrations@door.com
Subject: Re: Partner access
Date: Mon, 23 Nov 2026 10:00:01 +0000
Message-ID: <example-1@mail.pines.example>
Content-Type: text/plain; charset=utf-8

Hi DOOR team,

We give DOOR permission to add Acme Deliveries and Parcel Pal to
The Pines. Please also remove Parcel Pal from Oak Court.

Thanks,
Maria

> To approve a partner, reply with a sentence like:
> We give DOOR permission to add [Partner Name] to [Property Name].
`
	m, err := parser.Parse(strings.NewReader(raw), parser.Options{TrustedAuthservID: "mx.door.com"})
	if err != nil {
		fmt.Println("parse:", err)
		return
	}
	for _, p := range m.Pairs() {
		fmt.Printf("%s %q at %q\n", p.Action, p.Partner, p.Property)
	}
	// Output:
	// add "Acme Deliveries" at "The Pines"
	// add "Parcel Pal" at "The Pines"
	// remove "Parcel Pal" at "Oak Court"
}

// ExampleParseBytes shows a message over one of the limits: there is no
// Message, and the error names the configuration key that sets the limit.
func ExampleParseBytes() {
	raw := []byte("From: Maria Lopez <maria@pines.example>\r\n" +
		"Subject: Partner access\r\n\r\n" +
		"We give DOOR permission to add Acme Deliveries to The Pines.\r\n")
	m, err := parser.ParseBytes(raw, parser.Options{Limits: parser.Limits{MaxMessageBytes: 100}})
	fmt.Println(m == nil, parser.IsLimit(err))
	fmt.Println(err)
	// Output:
	// true true
	// message exceeds imap.max_message_size (100)
}

// ExampleStatement_Pairs pairs every partner of a statement's first split
// with every property.
func ExampleStatement_Pairs() {
	st := parser.Statement{
		Action:   parser.ActionAdd,
		Sentence: "We give DOOR permission to add Acme Deliveries and Parcel Pal to The Pines and Oak Court.",
		Splits: []parser.Split{{
			Partners:   []string{"Acme Deliveries", "Parcel Pal"},
			Properties: []string{"The Pines", "Oak Court"},
		}},
	}
	for _, p := range st.Pairs() {
		fmt.Printf("%s %q at %q\n", p.Action, p.Partner, p.Property)
	}
	// Output:
	// add "Acme Deliveries" at "The Pines"
	// add "Acme Deliveries" at "Oak Court"
	// add "Parcel Pal" at "The Pines"
	// add "Parcel Pal" at "Oak Court"
}

// ExampleMessage_Pairs lists the requests of all of a message's
// statements: here a grant sentence and a form-like removal whose intent
// comes from the subject.
func ExampleMessage_Pairs() {
	raw := "From: Maria Lopez <maria@pines.example>\r\n" +
		"Subject: Removal request\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" +
		"We give DOOR permission to add Parcel Pal to Oak Court.\r\n\r\n" +
		"Property: The Pines\r\n" +
		"Partner: Acme Deliveries\r\n" +
		"Partner: Parcel Pal\r\n"
	m, err := parser.ParseBytes([]byte(raw), parser.Options{})
	if err != nil {
		fmt.Println("parse:", err)
		return
	}
	for _, p := range m.Pairs() {
		fmt.Printf("%s %q at %q\n", p.Action, p.Partner, p.Property)
	}
	// Output:
	// add "Parcel Pal" at "Oak Court"
	// remove "Acme Deliveries" at "The Pines"
	// remove "Parcel Pal" at "The Pines"
}
