//! Writing the small JSON answers stage one reads with `JSON.parse`. By hand, because
//! serde_json would cost the wasm more than everything it writes; numbers are whole, so no
//! float formatting is needed either.

pub struct JsonOut {
    text: String,
    /// Whether the next item or key in the innermost array or object needs a comma first.
    needs_comma: bool,
}

impl JsonOut {
    pub fn object() -> JsonOut {
        let mut out = JsonOut {
            text: String::new(),
            needs_comma: false,
        };
        out.open_object();
        out
    }

    pub fn array() -> JsonOut {
        let mut out = JsonOut {
            text: String::new(),
            needs_comma: false,
        };
        out.open_array();
        out
    }

    /// The text, with the outermost array or object closed.
    pub fn finish(mut self) -> String {
        let close = if self.text.starts_with('{') { '}' } else { ']' };
        self.text.push(close);
        self.text
    }

    fn separate(&mut self) {
        if self.needs_comma {
            self.text.push(',');
        }
        self.needs_comma = true;
    }

    /// Starts a field of the innermost object; its value follows.
    pub fn key(&mut self, name: &str) -> &mut JsonOut {
        self.separate();
        self.write_string(name);
        self.text.push(':');
        self
    }

    /// Starts an item of the innermost array; its value follows.
    pub fn item(&mut self) -> &mut JsonOut {
        self.separate();
        self
    }

    pub fn open_object(&mut self) {
        self.text.push('{');
        self.needs_comma = false;
    }

    pub fn close_object(&mut self) {
        self.text.push('}');
        self.needs_comma = true;
    }

    pub fn open_array(&mut self) {
        self.text.push('[');
        self.needs_comma = false;
    }

    pub fn close_array(&mut self) {
        self.text.push(']');
        self.needs_comma = true;
    }

    pub fn string(&mut self, text: &str) {
        self.write_string(text);
    }

    pub fn optional_string(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.write_string(text),
            None => self.text.push_str("null"),
        }
    }

    pub fn boolean(&mut self, value: bool) {
        self.text.push_str(if value { "true" } else { "false" });
    }

    pub fn integer(&mut self, number: i64) {
        if number < 0 {
            self.text.push('-');
        }
        let mut digits = [0u8; 20];
        let mut rest = number.unsigned_abs();
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        self.text
            .extend(digits[start..].iter().map(|&digit| char::from(digit)));
    }

    pub fn optional_integer(&mut self, number: Option<i64>) {
        match number {
            Some(number) => self.integer(number),
            None => self.text.push_str("null"),
        }
    }

    fn write_string(&mut self, text: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.text.push('"');
        for c in text.chars() {
            match c {
                '"' => self.text.push_str("\\\""),
                '\\' => self.text.push_str("\\\\"),
                c if u32::from(c) < 0x20 => {
                    let code = u32::from(c) as usize;
                    self.text.push_str("\\u00");
                    self.text.push(char::from(HEX[code >> 4]));
                    self.text.push(char::from(HEX[code & 15]));
                }
                c => self.text.push(c),
            }
        }
        self.text.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_json_with_strings_escaped() {
        let mut out = JsonOut::object();
        out.key("name").string("Quote \" back\\slash\nline\u{1}");
        out.key("none").optional_string(None);
        out.key("yes").boolean(true);
        out.key("numbers").open_array();
        for number in [0, 7, -42, i64::MIN, i64::MAX] {
            out.item().integer(number);
        }
        out.close_array();
        out.key("inner").open_object();
        out.key("a").optional_integer(Some(1));
        out.close_object();
        let text = out.finish();
        assert_eq!(
            text,
            r#"{"name":"Quote \" back\\slash\u000aline\u0001","none":null,"yes":true,"numbers":[0,7,-42,-9223372036854775808,9223372036854775807],"inner":{"a":1}}"#
        );
    }
}
