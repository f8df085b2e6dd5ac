#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes the test PKI in $1: a CA, a server certificate for 127.0.0.1 and
# localhost signed by it, one for another host name, and one for the test
# domains Autodiscover looks up (contoso.test and fabrikam.test, with every
# host in them). Made at build time so
# no private key is ever committed.
set -eu
out=$1
mkdir -p "$out"
cd "$out"

days=3650
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days $days \
  -subj "/O=Hark tests/CN=Hark Test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>/dev/null

make_leaf () {
  name=$1
  san=$2
  openssl req -newkey rsa:2048 -nodes -keyout "$name-key.pem" -out "$name.csr" \
    -subj "/O=Hark tests/CN=$3" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$san" \
    > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
    -out "$name.pem" -days $days -extfile "$name.ext" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

make_leaf server "IP:127.0.0.1,DNS:localhost" localhost
make_leaf other-host "DNS:mail.other.example" mail.other.example
make_leaf names "DNS:contoso.test,DNS:*.contoso.test,DNS:fabrikam.test,DNS:*.fabrikam.test" \
  contoso.test
rm -f ca.srl
