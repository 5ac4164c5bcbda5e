"""Tiny media files built byte by byte for the tests (no ffmpeg, no binary blobs in the repository): the headers
the sniffer reads are real, the payload is filler.

    mp4(brand=b"isom", compatible=(b"isom", b"avc1"), payload_bytes=1000)
                                             an `ftyp` box (major and compatible brands) and an `mdat` box
    adts(frames=3, payload_bytes=100)        AAC LC 44.1 kHz stereo ADTS frames
    mp3(frames=3)                            MPEG-1 layer III 128 kbit/s 44.1 kHz frames (417 bytes each)
    id3(body_bytes)                          an ID3v2.4 tag of that many bytes, to put in front of an MP3"""

MP3_FRAME_BYTES = 417  # 144 * 128000 / 44100, no padding


def mp4(
    brand: bytes = b"isom", compatible: tuple[bytes, ...] = (b"isom", b"avc1"), payload_bytes: int = 1000
) -> bytes:
    ftyp = (
        (16 + 4 * len(compatible)).to_bytes(4, "big")
        + b"ftyp"
        + brand
        + b"\x00\x00\x02\x00"
        + b"".join(compatible)
    )
    payload = bytes(i % 251 for i in range(payload_bytes))
    return ftyp + (8 + payload_bytes).to_bytes(4, "big") + b"mdat" + payload


def adts(frames: int = 3, payload_bytes: int = 100) -> bytes:
    length = 7 + payload_bytes
    header = bytes(
        [
            0xFF,
            0xF1,  # MPEG-4, layer 00, no CRC
            0x50,  # AAC LC, 44.1 kHz
            0x80 | ((length >> 11) & 0x03),  # two channels
            (length >> 3) & 0xFF,
            ((length & 0x07) << 5) | 0x1F,
            0xFC,
        ]
    )
    return (header + b"\x21" * payload_bytes) * frames


def mp3(frames: int = 3) -> bytes:
    header = b"\xff\xfb\x90\x64"  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz, joint stereo
    return (header + b"\x00" * (MP3_FRAME_BYTES - 4)) * frames


def id3(body_bytes: int) -> bytes:
    size = bytes([(body_bytes >> shift) & 0x7F for shift in (21, 14, 7, 0)])
    return b"ID3\x04\x00\x00" + size + b"\x00" * body_bytes
