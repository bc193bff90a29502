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
