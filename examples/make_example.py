"""Regenerate the bundled example dossier's division files and evidence documents.

Run from the repository root: ``python examples/make_example.py``. The output is committed;
this script documents where it came from. It needs python-docx, openpyxl and LibreOffice
(``soffice``) for the PDF copies.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from docx import Document
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent / "so-gtvt-xd-lao-cai-2023"
EVIDENCE = ROOT / "evidence"

SO = "Sở Giao thông vận tải - Xây dựng tỉnh Lào Cai"

# file stem -> (kind, số ký hiệu, ngày ban hành, cơ quan ban hành, trích yếu, body paragraphs)
DOCS: dict[str, tuple[str, str, str, str, str, list[str]]] = {
    "ke-hoach-cchc-2023": (
        "pdf",
        "425/KH-SGTVTXD",
        "28/12/2022",
        SO,
        "Kế hoạch cải cách hành chính năm 2023",
        [
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Triển khai đồng bộ các nhiệm vụ cải cách hành chính năm 2023 "
            "theo Kế hoạch số 419/KH-UBND ngày 28/12/2022 của UBND tỉnh.",
            "II. NHIỆM VỤ",
            "1. Cải cách thể chế. 2. Cải cách thủ tục hành chính. 3. Cải cách tổ "
            "chức bộ máy. 4. Cải cách chế độ công vụ. 5. Cải cách tài chính công. 6. Xây dựng "
            "chính quyền điện tử, chính quyền số.",
        ],
    ),
    "bao-cao-cchc-quy-1": (
        "docx",
        "58/BC-SGTVTXD",
        "10/03/2023",
        SO,
        "Báo cáo công tác cải cách hành chính quý I năm 2023",
        ["Kết quả thực hiện các nhiệm vụ cải cách hành chính quý I năm 2023."],
    ),
    "bao-cao-cchc-6-thang": (
        "docx",
        "161/BC-SGTVTXD",
        "12/06/2023",
        SO,
        "Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2023",
        ["Kết quả thực hiện các nhiệm vụ cải cách hành chính 6 tháng đầu năm 2023."],
    ),
    "bao-cao-cchc-quy-3": (
        "docx",
        "265/BC-SGTVTXD",
        "11/09/2023",
        SO,
        "Báo cáo công tác cải cách hành chính quý III năm 2023",
        ["Kết quả thực hiện các nhiệm vụ cải cách hành chính quý III năm 2023."],
    ),
    "ke-hoach-kiem-tra-cchc": (
        "docx",
        "52/KH-SGTVTXD",
        "20/02/2023",
        SO,
        "Kế hoạch kiểm tra công tác cải cách hành chính năm 2023",
        ["Kiểm tra 04 phòng chuyên môn và 02 đơn vị sự nghiệp thuộc Sở."],
    ),
    "ket-luan-kiem-tra-cchc": (
        "pdf",
        "310/TB-SGTVTXD",
        "30/10/2023",
        SO,
        "Thông báo kết luận kiểm tra công tác cải cách hành chính năm 2023",
        ["Các đơn vị được kiểm tra đã thực hiện cơ bản đầy đủ nhiệm vụ."],
    ),
    "ke-hoach-tuyen-truyen-cchc": (
        "docx",
        "61/KH-SGTVTXD",
        "01/03/2023",
        SO,
        "Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2023",
        ["Đăng tải tin, bài trên Trang thông tin điện tử của Sở; tổ chức hội nghị quán triệt."],
    ),
    "tong-hop-nhiem-vu-ubnd-giao": (
        "xlsx",
        "",
        "15/12/2023",
        SO,
        "Bảng tổng hợp nhiệm vụ UBND tỉnh giao năm 2023",
        [],
    ),
    "quyet-dinh-chuc-nang-nhiem-vu": (
        "pdf",
        "12/2023/QĐ-UBND",
        "15/03/2023",
        "UBND tỉnh Lào Cai",
        "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Giao thông vận tải - "
        "Xây dựng tỉnh Lào Cai",
        ["Điều 1. Vị trí và chức năng.", "Điều 2. Nhiệm vụ và quyền hạn."],
    ),
    "ke-hoach-ra-soat-vbqppl": (
        "docx",
        "35/KH-SGTVTXD",
        "06/02/2023",
        SO,
        "Kế hoạch rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2023",
        ["Rà soát các văn bản quy phạm pháp luật thuộc lĩnh vực giao thông, xây dựng."],
    ),
    "bao-cao-ket-qua-ra-soat": (
        "docx",
        "330/BC-SGTVTXD",
        "20/11/2023",
        SO,
        "Báo cáo kết quả rà soát văn bản quy phạm pháp luật năm 2023",
        ["Đã rà soát 46 văn bản; kiến nghị sửa đổi 03 văn bản."],
    ),
    "bao-cao-theo-doi-thi-hanh-phap-luat": (
        "docx",
        "318/BC-SGTVTXD",
        "06/11/2023",
        SO,
        "Báo cáo công tác theo dõi tình hình thi hành pháp luật năm 2023",
        ["Theo dõi thi hành pháp luật về trật tự, an toàn giao thông."],
    ),
    "quyet-dinh-cong-bo-tthc": (
        "pdf",
        "1125/QĐ-UBND",
        "22/05/2023",
        "UBND tỉnh Lào Cai",
        "Công bố danh mục thủ tục hành chính lĩnh vực đường bộ thuộc thẩm quyền giải quyết của "
        "Sở Giao thông vận tải - Xây dựng",
        ["Công bố kèm theo Quyết định này danh mục 38 thủ tục hành chính."],
    ),
    "thong-ke-ho-so-tthc-2023": (
        "xlsx",
        "",
        "15/12/2023",
        SO,
        "Thống kê kết quả giải quyết hồ sơ thủ tục hành chính năm 2023",
        [],
    ),
    "bao-cao-phan-anh-kien-nghi": (
        "docx",
        "340/BC-SGTVTXD",
        "01/12/2023",
        SO,
        "Báo cáo kết quả tiếp nhận, xử lý phản ánh, kiến nghị năm 2023",
        ["Tiếp nhận 12 phản ánh, kiến nghị; đã xử lý đúng hạn 12/12."],
    ),
    "de-an-vi-tri-viec-lam": (
        "pdf",
        "2280/QĐ-UBND",
        "18/07/2023",
        "UBND tỉnh Lào Cai",
        "Phê duyệt vị trí việc làm của Sở Giao thông vận tải - Xây dựng",
        ["Phê duyệt 27 vị trí việc làm."],
    ),
    "ket-qua-danh-gia-xep-loai": (
        "docx",
        "18/QĐ-SGTVTXD",
        "15/12/2023",
        SO,
        "Quyết định đánh giá, xếp loại chất lượng công chức, viên chức năm 2023",
        ["Hoàn thành xuất sắc nhiệm vụ: 8; hoàn thành tốt nhiệm vụ: 52."],
    ),
    "ke-hoach-dao-tao-boi-duong": (
        "docx",
        "48/KH-SGTVTXD",
        "10/02/2023",
        SO,
        "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2023",
        ["Cử 35 lượt công chức, viên chức tham gia bồi dưỡng."],
    ),
    "quy-che-chi-tieu-noi-bo": (
        "pdf",
        "05/QĐ-SGTVTXD",
        "09/01/2023",
        SO,
        "Quy chế chi tiêu nội bộ năm 2023",
        ["Điều 1. Phạm vi điều chỉnh."],
    ),
    "bao-cao-giai-ngan-von-dau-tu": (
        "xlsx",
        "",
        "30/11/2023",
        SO,
        "Báo cáo tiến độ giải ngân vốn đầu tư công năm 2023",
        [],
    ),
    "cong-khai-ngan-sach": (
        "docx",
        "90/QĐ-SGTVTXD",
        "20/01/2023",
        SO,
        "Công khai dự toán ngân sách năm 2023",
        ["Công khai dự toán được giao."],
    ),
    "phuong-an-tu-chu": (
        "pdf",
        "3012/QĐ-UBND",
        "25/09/2023",
        "UBND tỉnh Lào Cai",
        "Phê duyệt phương án tự chủ tài chính của Trung tâm Đăng kiểm xe cơ giới",
        ["Đơn vị tự bảo đảm chi thường xuyên giai đoạn 2023-2025."],
    ),
    "ke-hoach-chuyen-doi-so": (
        "docx",
        "70/KH-SGTVTXD",
        "15/03/2023",
        SO,
        "Kế hoạch chuyển đổi số năm 2023",
        ["Mục tiêu: 100% văn bản điện tử có chữ ký số."],
    ),
    "thong-ke-dich-vu-cong-truc-tuyen": (
        "xlsx",
        "",
        "15/12/2023",
        SO,
        "Thống kê hồ sơ dịch vụ công trực tuyến năm 2023",
        [],
    ),
    "bao-cao-kinh-te-xa-hoi": (
        "docx",
        "345/BC-SGTVTXD",
        "05/12/2023",
        SO,
        "Báo cáo kết quả thực hiện nhiệm vụ kinh tế - xã hội năm 2023",
        ["Hoàn thành 9/10 chỉ tiêu được giao."],
    ),
    # Tài liệu kiểm chứng bổ sung của báo cáo giải trình (tiêu chí 1.4, appraisal.yaml).
    "bao-cao-ket-qua-tuyen-truyen-cchc": (
        "docx",
        "348/BC-SGTVTXD",
        "08/12/2023",
        SO,
        "Báo cáo kết quả thông tin, tuyên truyền cải cách hành chính năm 2023",
        [
            "I. KẾT QUẢ THỰC HIỆN",
            "Đăng tải 46 tin, bài về cải cách hành chính trên Trang thông tin điện tử của Sở; "
            "tổ chức 02 hội nghị phổ biến cho công chức, viên chức; niêm yết hướng dẫn nộp hồ "
            "sơ trực tuyến tại Bộ phận Một cửa.",
            "II. ĐÁNH GIÁ",
            "Hoàn thành 8/8 nhiệm vụ của Kế hoạch số 61/KH-SGTVTXD ngày 01/03/2023.",
        ],
    ),
    "ket-qua-khao-sat-hai-long": (
        "docx",
        "120/BC-TTĐK",
        "10/11/2023",
        "Trung tâm Đăng kiểm xe cơ giới Lào Cai",
        "Kết quả khảo sát sự hài lòng của người dân, doanh nghiệp năm 2023",
        ["Tỷ lệ hài lòng 92,4%; đã công khai trên Trang thông tin điện tử."],
    ),
}


def write_docx(
    path: Path, number: str, issued: str, issuer: str, title: str, body: list[str]
) -> None:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    document.add_paragraph(issuer.upper())
    if number:
        document.add_paragraph(f"Số: {number}")
    day, month, year = issued.split("/")
    document.add_paragraph(f"Lào Cai, ngày {day} tháng {month} năm {year}")
    heading = document.add_paragraph()
    heading.add_run(title.upper()).bold = True
    for text in body:
        document.add_paragraph(text)
    document.add_paragraph("(Tài liệu mẫu của hồ sơ ví dụ parcli.)")
    document.core_properties.title = title
    document.save(path)


def write_xlsx(path: Path, title: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append([title])
    ws.append(["STT", "Nội dung", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"])
    rows = [("Quý I", 120, 118), ("Quý II", 140, 140), ("Quý III", 135, 133), ("Quý IV", 150, 149)]
    for i, (name, plan, done) in enumerate(rows, start=1):
        ws.append([i, name, plan, done, round(done * 100 / plan, 2)])
    wb.save(path)


def main() -> None:
    EVIDENCE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for stem, (kind, number, issued, issuer, title, body) in DOCS.items():
            if kind == "xlsx":
                write_xlsx(EVIDENCE / f"{stem}.xlsx", title)
                continue
            docx_path = Path(tmp) / f"{stem}.docx"
            write_docx(docx_path, number, issued, issuer, title, body)
            if kind == "docx":
                shutil.copy(docx_path, EVIDENCE / f"{stem}.docx")
            else:
                subprocess.run(
                    [
                        "soffice",
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        str(EVIDENCE),
                        str(docx_path),
                    ],
                    check=True,
                    capture_output=True,
                )


if __name__ == "__main__":
    main()
