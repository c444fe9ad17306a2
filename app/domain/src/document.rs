//! Uploaded files: the type is decided by the content, never by the name
//! (issue 4). Accepted: JPEG, PNG, PDF.

/// Largest accepted upload (a phone photo or a scanned page).
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Jpeg,
    Png,
    Pdf,
}

impl MediaType {
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Pdf => "application/pdf",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("文件是空的，请重新选择")]
    Empty,
    #[error("文件超过 {} MB，请压缩或分页后再上传", MAX_DOCUMENT_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("只接受 JPG、PNG 图片或 PDF 文件（按文件内容判断，改文件名无效）")]
    UnknownType,
}

/// The file's type from its first bytes.
pub fn sniff(bytes: &[u8]) -> Result<MediaType, DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(MediaType::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(MediaType::Png)
    } else if bytes.starts_with(b"%PDF-") {
        Ok(MediaType::Pdf)
    } else {
        Err(DocumentError::UnknownType)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_decides() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Ok(MediaType::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Ok(MediaType::Png));
        assert_eq!(sniff(b"%PDF-1.7"), Ok(MediaType::Pdf));
        assert_eq!(sniff(b"MZ\x90\x00 an exe named photo.jpg"), Err(DocumentError::UnknownType));
        assert_eq!(sniff(b""), Err(DocumentError::Empty));
        assert_eq!(sniff(&vec![0xFF; MAX_DOCUMENT_BYTES + 1]), Err(DocumentError::TooLarge));
    }
}
