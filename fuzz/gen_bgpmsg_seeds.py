# Writes the seed corpus of fuzz_bgpmsg (python3 fuzz/gen_bgpmsg_seeds.py fuzz/corpus/bgpmsg):
# real messages in the layouts of RFC 4271 4, RFC 4760 3-4, RFC 6793, RFC 2918, and malformed ones.
import struct, os, sys
out = sys.argv[1]
M = b'\xff'*16
def msg(t, body): return M + struct.pack('!HB', 19+len(body), t) + body
def attr(fl, t, v):
    if len(v) > 255 or fl & 0x10: return struct.pack('!BBH', fl|0x10, t, len(v)) + v
    return struct.pack('!BBB', fl, t, len(v)) + v
def pfx(s):
    a, l = s.split('/'); l = int(l)
    if ':' in a:
        import ipaddress; b = ipaddress.IPv6Address(a).packed
    else:
        b = bytes(int(x) for x in a.split('.'))
    return bytes([l]) + b[:(l+7)//8]
def aspath(seqs, four=True):
    r = b''
    for typ, asns in seqs:
        r += bytes([typ, len(asns)]) + b''.join(struct.pack('!I' if four else '!H', a) for a in asns)
    return r
def update(withdrawn=b'', attrs=b'', nlri=b''):
    return msg(2, struct.pack('!H', len(withdrawn)) + withdrawn + struct.pack('!H', len(attrs)) + attrs + nlri)
caps = bytes([1,4,0,1,0,1, 1,4,0,2,0,1, 2,0, 65,4]) + struct.pack('!I', 65010)
open_ = msg(1, struct.pack('!BHHI', 4, 65010, 90, 0xc0000201) + bytes([len(caps)+2, 2, len(caps)]) + caps)
ka = msg(4, b'')
base = attr(0x40,1,b'\x00') + attr(0x40,2,aspath([(2,[65010])])) + attr(0x40,3,bytes([169,254,100,2]))
seeds = {
 'open': open_,
 'open-as4-trans': msg(1, struct.pack('!BHHI',4,23456,180,0x0a000001) + bytes([8,2,6,65,4]) + struct.pack('!I',4200000001)),
 'open-no-caps': msg(1, struct.pack('!BHHIB',4,65010,30,1,0)),
 'session': open_ + ka + update(attrs=base, nlri=pfx('192.168.0.0/16')) + ka,
 'update-all-attrs': update(attrs=base + attr(0x80,4,struct.pack('!I',50)) + attr(0x40,5,struct.pack('!I',200))
    + attr(0x40,6,b'') + attr(0xc0,7,struct.pack('!II',65010,0x0a000001))
    + attr(0xc0,8,struct.pack('!II',(7224<<16)|7300,(65010<<16)|1))
    + attr(0xc0,32,struct.pack('!III',65010,1,2)), nlri=pfx('192.168.0.0/16')+pfx('10.20.0.0/15')+pfx('0.0.0.0/0')),
 'update-as-set': update(attrs=attr(0x40,1,b'\x02') + attr(0x40,2,aspath([(2,[65010]),(1,[65020,65021])])) + attr(0x40,3,bytes([10,0,0,1])), nlri=pfx('198.51.100.0/24')),
 'update-withdraw': update(withdrawn=pfx('192.168.0.0/16')+pfx('0.0.0.0/0')),
 'update-mp-reach-v6': update(attrs=attr(0x40,1,b'\x00') + attr(0x40,2,aspath([(2,[65010])]))
    + attr(0x90,14, struct.pack('!HBB',2,1,16) + bytes.fromhex('20010db8000000000000000000000001') + b'\x00' + pfx('2001:db8:100::/40') + pfx('2001:db8::/32'))),
 'update-mp-reach-v6-ll': update(attrs=attr(0x40,1,b'\x00') + attr(0x40,2,aspath([(2,[65010])]))
    + attr(0x90,14, struct.pack('!HBB',2,1,32) + bytes.fromhex('20010db8000000000000000000000001fe800000000000000000000000000001') + b'\x00' + pfx('2001:db8:100::/40'))),
 'update-mp-unreach-v6': update(attrs=attr(0x90,15, struct.pack('!HB',2,1) + pfx('2001:db8:100::/40'))),
 'update-mp-reach-v4': update(attrs=attr(0x40,1,b'\x00') + attr(0x40,2,aspath([(2,[65010])])) + attr(0x90,14, struct.pack('!HBB',1,1,4)+bytes([10,0,0,1])+b'\x00'+pfx('172.16.0.0/12'))),
 'update-2octet': update(attrs=attr(0x40,1,b'\x00') + attr(0x40,2,aspath([(2,[65010,65011])],False)) + attr(0x40,3,bytes([10,0,0,1])), nlri=pfx('11.0.0.0/8')),
 'bad-marker': b'\x00'*16 + struct.pack('!HB',19,4),
 'bad-length': M + struct.pack('!HB', 65535, 2) + b'\x00'*64,
 'bad-type': msg(9, b''),
 'bad-origin': update(attrs=attr(0x40,1,b'\x07') + base[4:], nlri=pfx('10.0.0.0/8')),
 'bad-aspath-overrun': update(attrs=attr(0x40,1,b'\x00') + attr(0x40,2,bytes([2,9,0,0,0xfd,0xf2])) + base[-7:], nlri=pfx('10.0.0.0/8')),
 'bad-attr-overrun': update(attrs=base + bytes([0xc0,8,200,0,0]), nlri=pfx('10.0.0.0/8')),
 'bad-total-attr-len': M + struct.pack('!HB', 27, 2) + struct.pack('!HH', 0, 500) + b'\x00'*4,
 'bad-nlri-33': update(attrs=base, nlri=bytes([33,10,0,0,0,0])),
 'bad-communities-len': update(attrs=base + attr(0xc0,8,b'\x00\x01\x02'), nlri=pfx('10.0.0.0/8')),
 'bad-large-len': update(attrs=base + attr(0xc0,32,b'\x00'*8), nlri=pfx('10.0.0.0/8')),
 'bad-mp-twice': update(attrs=attr(0x90,15, struct.pack('!HB',2,1)) * 2),
 'bad-unknown-wellknown': update(attrs=base + attr(0x40,99,b'xx'), nlri=pfx('10.0.0.0/8')),
 'attr-flood': update(attrs=b''.join(attr(0xc0, 100+(i%100), b'') for i in range(900)), nlri=pfx('10.0.0.0/8'))[:4096],
 'notification-bad-peer-as': msg(3, bytes([2,2]) + struct.pack('!H', 65010)),
 'notification-cease': msg(3, bytes([6,2])),
 'route-refresh': msg(5, struct.pack('!HBB',1,0,1)) + msg(5, struct.pack('!HBB',2,0,1)),
}
# the flood must keep a valid header
fl = seeds['attr-flood']; seeds['attr-flood'] = fl[:16] + struct.pack('!H', len(fl)) + fl[18:]
os.makedirs(out, exist_ok=True)
for k, v in seeds.items():
    open(os.path.join(out, k), 'wb').write(v)
print(len(seeds), 'seeds')
