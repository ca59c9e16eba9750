"""Every contract field of every real liputan6 article page in tests/pages.

The expected values were written down by reading each page (its visible text, head
meta, JSON-LD and window.kmklabs objects), not by running the extractor.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from helpers import extract, page_response
from newscrawl.items import ARTICLE_FIELDS

GLOBAL_4464894 = {
    "url": "https://www.liputan6.com/global/read/4464894/update-23-januari-2021-98-juta-kasus-covid-19-di-dunia-akan-tembus-100-juta",
    "id": "4464894",
    "portal": "liputan6",
    "type": "text",
    "title": "Update 23 Januari 2021: 98 Juta Kasus COVID-19 di Dunia, Akan Tembus 100 Juta?",
    "description": "Kasus COVID-19 di seluruh dunia sudah mencapai 98 juta. Angka 100 juta kasus sudah di depan mati.",
    "authors": ["Tommy Kurnia"],
    "editors": ["Hariz Barak"],
    # Visible "pada 23 Jan 2021, 13:30 WIB"; article:published_time 13:30:00 agrees.
    "published_at": "2021-01-23T13:30:00+07:00",
    "published_at_raw": "23 Jan 2021, 13:30 WIB",
    # Visible "Diperbarui 23 Jan 2021, 13:30 WIB"; article:modified_time says 13:11:14 and loses.
    "modified_at": "2021-01-23T13:30:00+07:00",
    "modified_at_raw": "23 Jan 2021, 13:30 WIB",
    "channel": "Global",
    "category": "Internasional",
    "tags": ["Indonesia", "China", "Amerika Serikat", "COVID-19", "Hong Kong", "update covid-19"],
    "dateline": "Jakarta",
    "subsections": [
        {
            "title": None,
            "paragraphs": [
                "Kasus COVID-19 di seluruh dunia sudah mencapai 98,1 juta kasus. Kasus tertinggi masih berada di Amerika Serikat.",
                "Dua hari lalu, total kasus COVID-19 di dunia adalah 96 juta. Bila peningkatan terus berlangsung, maka pekan depan kasus kumulatif bisa mencapai 100 juta.",
                "Berdasarkan data Johns Hopkins University, Sabtu (23/1/2021), lima negara dengan kasus tertinggi adalah:",
                "1. Amerika Serikat: 24,8 juta kasus",
                "2. India: 10,6 juta kasus",
                "3. Brasil: 8,7 juta kasus",
                "4. Rusia: 3,6 juta kasus",
                "5. Inggris: 3,5 juta kasus",
                "Peringkat Indonesia naik satu peringkat menuju nomor 19 dengan total 965 ribu. Posisi Indonesia berada di antara Belanda (951 ribu kasus) dan Peru (1 juta kasus).",
                "Kasus di China mencapai 98 ribu kasus. Lockdown sedang dilaksanakan di beberapa daerah, termasuk Beijing yang menerapkan secara parsial.",
                "Hong Kong juga untuk pertama kalinya menerapkan lockdown. Kasus di wilayah itu mencapai 9.928 kasus.",
            ],
        },
        {
            "title": "Kabar WNA",
            "paragraphs": [
                "Total kasus WNI yang terkena COVID-19 di luar negeri mencapai 2.937 orang. Per Sabtu (23/1/2021), ada tambahan kasus di Inggris dan Vatikan.",
                "Total kasus di Inggris kini menjadi 97 WNI, Sebanyak 78 sembuh, 13 stabil, dan 6 meninggal dunia.",
                "Di Takhta Suci Vatikan, ada 27 WNI yang positif. Sebanyak 21 sudah sembuh.",
                '"Total WNI terkonfirmasi di luar negeri adalah 2.937: 2.075 sembuh, 171 meninggal dan 691," tulis Kemlu via Twitter.',
                "Berikut petanya:",
            ],
        },
        {
            "title": "Doni Monardo Positif COVID-19, Imbau Masyarakat Hindari Makan Bersama",
            "paragraphs": [
                "Ketua Satuan Tugas Penanganan COVID-19 Doni Monardo mengimbau masyarakat menghindari makan bersama. Imbauan itu demi mencegah penularan COVID-19.",
                '"Karena saat makan kita pasti lepas masker dan celah penularan terbuka. Sebaiknya saat makan, tidak ada orang lain di sekitar kita untuk mencegah tertular atau menulari. Untuk sementara, makan bisa sendiri atau terpisah dari orang lain, \u201d tutur Doni Monardo di Jakarta, Sabtu (23/1/2021), dikutip dari keterangan resmi yang diterima Liputan6.com.',
                "Doni Monardo dinyatakan positif COVID-19, pagi ini, Sabtu, 23 Januari 2021. Doni meyakini dirinya terpapar COVID-19 saat makan sehingga terpaksa melepas masker.",
                "Dia menuturkan selama seminggu kemarin memimpin langsung penanganan bencana di Sulawesi Barat dan Kalimantan Selatan, ada beberapa momen harus melepas masker ketika bersama orang lain.",
                "\u201cJadi saya yakin pada saat melepas masker dan makan itulah saya tertular.\u201d",
                "Sejak gempa bumi melanda Sulawesi Barat pada Jumat dini hari, 15 Januari 2021 Doni telah berada di lokasi bencana pada sore harinya. Dia berada di lokasi bencana \u2013termasuk berkunjung ke Banjarmasin dilanda banjir bandang\u2014selama seminggu sebelum kembali ke Jakarta pada Jumat, 22 Januari 2021.",
                "Dalam sebelas bulan terakhir sejak mulai menangani pandemi COVID-19, Doni Monardo mengaku selalu berusaha menghindari paparan virus dengan menuruti semua anjuran para pakar kesehatan. Namun, dari semua langkah pencegahan rupanya tetap ada celah sehingga dia terpapar virus Corona.",
            ],
        },
        # Parts 4 ("Infografis COVID-19:") and 5 ("Saksikan Video Pilihan Berikut Ini:")
        # hold only an image and a video: no paragraph text, so they are left out.
    ],
    "images": [
        {
            "url": "https://cdn0-production-images-kly.akamaized.net/k5-Q1yMJE7AMcz0eFBLTKxxgVPk=/375x208/smart/filters:quality(75):strip_icc():format(jpeg)/kly-media-production/medias/3343101/original/014410600_1610022142-20210107-FOTO-Lewat-Pergub_-Kegiatan-Warga-Jakarta-akan-Dibatasi-TEBE-1.jpg",
            "caption": "Warga melintasi tangga JPO di Jalan HR Rasuna Said, Jakarta, Kamis (7/1/2021). Untuk menyeragamkan kebijakan pengendalian COVID-19, Gubernur DKI Jakarta akan segera menerbitkan Pergub untuk Pemberlakuan Pembatasan Kegiatan Masyarakat (PPKM) pada 11-25 Januari 2021.",
            "credit": "Liputan6.com/Helmi Fithriansyah",
        },
        {
            "url": "https://cdn1-production-images-kly.akamaized.net/hUbA1mKaGed_RKsjGLco4ZKuxeA=/375x500/smart/filters:quality(75):strip_icc():format(jpeg)/kly-media-production/medias/3357182/original/071516700_1611372166-AP21023057943586.jpg",
            "caption": "Seorang petugas polisi berjaga-jaga di daerah Yau Ma Tei, di Hong Kong, Sabtu (23/1/2021). Hong Kong selama dua bulan terakhir telah dilanda gelombang keempat infeksi dengan pihak berwenang yang berjuang untuk menurunkan angka harian.",
            "credit": "AP Photo/Vincent Yu",
        },
        {
            "url": "https://cdn1-production-images-kly.akamaized.net/Rf-RNsWzpx53zuPeMeu5KCgoDHs=/375x208/smart/filters:quality(75):strip_icc():format(jpeg)/kly-media-production/medias/3335491/original/088471100_1609208228-WhatsApp_Image_2020-12-29_at_04.11.34.jpeg",
            "caption": "Ketua Satgas COVID-19 Doni Monardo apresiasi Kodam III/Siliwangi yang izinkan penggunaan fasilitas milik TNI rawat pasien COVID-19 di Markas Komando Daerah Militer III/Siliwangi, Bandung, Senin (28/12/2020).",
            "credit": "Badan Nasional Penanggulangan Bencanana/BNPB",
        },
        {
            "url": "https://cdn1-production-images-kly.akamaized.net/7bx9WqsVewtxWTZolKxJ2Z8ZRN4=/375x500/smart/filters:quality(75):strip_icc():format(jpeg)/kly-media-production/medias/3264121/original/088687500_1602397557-Infografis_Kunci_Hadapi_Covid-19_dengan_Iman__Aman__dan_Imun.jpg",
            "caption": "Infografis Kunci Hadapi Covid-19 dengan Iman, Aman dan Imun.",
            "credit": "Liputan6.com/Abdillah",
        },
    ],
    "page_count": 5,
    "language": "id",
}

BISNIS_4289456 = {
    "url": "https://www.liputan6.com/bisnis/read/4289456/awasi-jalannya-protokol-kesehatan-pengelola-mal-ikut-bentuk-gugus-tugas",
    "id": "4289456",
    "portal": "liputan6",
    "type": "text",
    "title": "Awasi Jalannya Protokol Kesehatan, Pengelola Mal Ikut Bentuk Gugus Tugas",
    "description": "Gugus tugas ini bertugas melakukan pengawasan, pencegahan dan kontrol terutama yang bersentuhan langsung dengan pengunjung.",
    # The byline names no person: "Oleh Liputan6.com".
    "authors": ["Liputan6.com"],
    "editors": ["Nurmayanti"],
    # Visible 13:58 WIB; structured data adds the seconds (13:58:07, modified 13:58:52).
    "published_at": "2020-06-26T13:58:07+07:00",
    "published_at_raw": "26 Jun 2020, 13:58 WIB",
    "modified_at": "2020-06-26T13:58:52+07:00",
    "modified_at_raw": "26 Jun 2020, 13:58 WIB",
    "channel": "Bisnis",
    "category": "Ekonomi",
    "tags": ["Mal", "pusat perbelanjaan", "Gugus Tugas"],
    # "<b>Liputan6.com, Jakarta</b> Sepekan ...": a dateline without its dash.
    "dateline": "Jakarta",
    "subsections": [
        {
            "title": None,
            "paragraphs": [
                "Sepekan lamanya pusat perbelanjaan atau mal kembali beroperasi di era transisi ini. Pengelola pusat perbelanjaan pun terus memaksimalkan layanan dengan tetap menjalankan protokol kesehatan.",
                "Pengelola Trade Mal (TM) Seasons City salah satunya. Selain dari internal pengelola, pusat perbelanjaan ini juga memiliki satuan gugus tugas (satgas) COVID-19 Season City dari unsur eksternal.",
                "Gugus tugas ini bertugas melakukan pengawasan, pencegahan dan kontrol terutama yang bersentuhan langsung dengan pengunjung.",
                "HRGA Manager TM Seasons City Agus Widodo menjelaskan, langkah ini dilakukan sejak mal kembali dibuka pada 15 Juni.",
                "Bahkan keberadaan satgas COVID-19 sejatinya sudah terbentuk di awal masa pandemi. Di mana tugas satgas saat ini menyesuaikan dengan situasi dan kondisi di lapangan.",
                "\u201cTim gugus pengendali COVID-19 Seasons City anggotanya ada 10 orang. Jadi setiap hari mereka berkeliling dan memantau dan mengingatkan pengujung yang tidak menggunakan masker dengan cara yang bersahabat, serta melakukan pengecekan jarak pengunjung untuk bisa berjarak minimal 1 meter dan tidak bergerombol,\u201d jelas Agus di Jakarta, Jumat (24/3/2020).",
                "Upaya meningkatkan penerapan protokol kesehatan, pengelola mal juga menggandeng Satuan Polisi PP dan Puskesmas Kecamatan Tambora, Jakarta Barat.",
                "\u201cKami sangat mengapresiasi adanya kerjasama ini, mereka mendukung penuh seluruh kegiatan kami untuk dapat mencegah penularan Covid-19,\u201d tambah dia.",
                "Kerja sama ini berlangsung sejak 10 April 2020 untuk dapat membantu proses pengawasan kepada pengunjung dan juga tenant.",
                "Satuan Polisi PP lebih fokus kepada pendisiplinan protokol kesehatan dan pihak Puskesmas melakukan tindakan represif apabila ada masyarakat yang membutuhkan bantuan dari tenaga kesehatan.",
                "Pria yang akrab disapa Widodo tersebut mengatakan, respon kedua lembaga sangat positif kepada pihak pengelola TM Seasons City hingga sempat viral di media sosial.",
                "Petugas Satpol PP dan Puskesmas memberikan edukasi terkait kesehatan dan Covid-19 kepada para tenan dan pengunjung.",
            ],
        },
        {
            "title": "Gandeng Rumah Sakit",
            "paragraphs": [
                "Kedepannya, TM Seasons City akan melakukan kerja sama dengan pihak Rumah Sakit terdekat dan dapat menjadi rujukan untuk berjaga-jaga apabila dibutuhkan tindakan medis yang serius.",
                "Tentunya untuk menanggulangi hal-hal yang tidak diinginkan, pihak pengelola TM Seasons City telah menerapkan berbagai protap kesehatan Covid-19 seperti mewajibkan pengunjung untuk cuci tangan sebelum memasuki area trade mall, wajib menggunakan masker, pengecekan suhu tubuh, dan penyediaan hand sanitizer sesuai dengan anjuran dari pemerintah DKI Jakarta.",
                "Dari sisi jumlah pengunjung, Seasons City, d ibawah Agung Podomoro ini juga menerapkan peraturan pemerintah yakni menjaga tidak lebih dari 50 persen. Begitu juga dengan jumlah tenan yang buka, dijaga tidak lebih dari 70 persen.",
                "\u201cDemi menjaga jarak agar terhindar dari Covid-19, jumlah pengunjung kami jaga maksimal 50 persen, petugas kami berjaga untuk memastikannya. Kami hanya membuka 11 pintu dari 21 pintu yang ada demi mempermudah pengawasan tentunya dengan menerapkan protokol kesehatan saat hendak masuk area trade mall,\u201d ujar Agus.",
            ],
        },
        # Part 3 "Saksikan video di bawah ini:" holds only a video.
    ],
    "images": [
        {
            "url": "https://cdn0-production-images-kly.akamaized.net/wc0rY906uWfHFYlB5jmmWms1t9c=/375x208/smart/filters:quality(75):strip_icc():format(jpeg)/kly-media-production/medias/3163112/original/099457800_1593154730-Gugus_Tugas_Mal.jpg",
            "caption": "Satuan gugus tugas (satgas) COVID-19 Season City. Dok",
            "credit": None,
        },
        {
            "url": "https://cdn0-production-images-kly.akamaized.net/0sE4JyXWIyjEGtNoqOsXgQygJXI=/375x208/smart/filters:quality(75):strip_icc():format(jpeg)/kly-media-production/medias/3163113/original/008146300_1593154731-Gugus_Tugas_Mal_2.jpg",
            "caption": "Satuan gugus tugas (satgas) COVID-19 Season City. Dok",
            "credit": None,
        },
    ],
    "page_count": 3,
    "language": "id",
}

HOT_5043288 = {
    # og:url; the page's link rel=canonical still names the old hot.liputan6.com address.
    "url": "https://www.liputan6.com/hot/read/5043288/istri-evan-marvino-temukan-paket-misterius-kertas-bertuliskan-arab-bikin-resah",
    "id": "5043288",
    "portal": "liputan6",
    "type": "text",
    "title": "Istri Evan Marvino Temukan Paket Misterius Kertas Bertuliskan Arab, Bikin Resah",
    "description": "Paket misterius di rumah Evan Marvino disebut jimat.",
    "authors": ["Ibrahim Hasan"],
    "editors": ["Fadila Adelin"],
    "published_at": "2022-08-16T09:20:21+07:00",
    "published_at_raw": "16 Agu 2022, 09:20 WIB",
    # "Diperbarui 16 Agu 2022, 09:20 WIB": the minute of publication, whose seconds
    # come from datePublished (article:modified_time says 09:08:14 and loses).
    "modified_at": "2022-08-16T09:20:21+07:00",
    "modified_at_raw": "16 Agu 2022, 09:20 WIB",
    "channel": "Hot",
    "category": "Hot",
    "tags": ["Evan Marino", "Uffri Datun Nitami", "Artis Dikirim Jimat", "Konten Misteri", "Berita Terkini"],
    "dateline": "Jakarta",
    "subsections": [
        {
            "title": None,
            "paragraphs": [
                "Punya rumah tangga tentram dan damai menjadi harapan setiap orang. Namun dalam berkeluarga ada saja permasalahan meski sudah semaksimal mungkin untuk menghindari. Seperti yang baru-baru ini dialami pasangan artis Evan Marvino dan Uffri Datun Nitami menemukan paket misterius.",
                "Lewat laman Instagram pribadinya, Evan Marvino membagikan penemuan paket mencurigakan tersebut. Keduanya tak tahu menahu soal kiriman berupa kertas itu. Istri Evan Marvino tampak membuka lipatan kertas yang ditemukan tepat di dalam rumahnya. Anehnya, rumah Evan dan Uffri Datun Nitami saat itu dalam keadaan terkunci.",
                "\u201cAda yang Tau Ini Benda Apa ??? Dan motifnya apa ??? Jadi td istri wa katanya nemu benda ini di dalem rumah, padahal pintu dikunci . Pas di cek pintu udah kebuka dan nemuin benda ini,\u201d tulis Evan dalam unggahan video penemuan paket misterius itu (15/8/2022) kemarin malam.",
                "Dalam video yang sama Uffri Datun Nitami terlihat penasaran dan membuka lembar demi lembar kertas yang sampulnya berwarna putih itu. Siapa sangka isi kertas di dalamnya bikin resah, berikut Liputan6.com merangkum penemuan paket misterius ini melansir dari Instagram @evanmarvino, Selasa (16/8/2022).",
            ],
        },
        {
            "title": "Bertuliskan Kalimat Arab",
            "paragraphs": [
                "Uffri Datun Nitami diketahui sedang hamil buah hati pertamanya usai menikah dengan Evan Marvino pada awal 2021 lalu. Penemuan paket misterius berupa kertas berukuran sekitar 10 x 3 centimeter itu sempat mengejutkan Uffri Datun Nitami. Hingga akhirnya ia membuka perlahan bungkus luar paket yang berwarna putih.",
                "Bungkus paket misterius itu makin mencurigakan usai di dalamnya ada kertas berwarna cokelat muda. Itulah yang menjadi lapisan kedua pembungkus paket misterius. Uffri Datun Nitami tampak kewalahan akibat kertas yang di lem cukup rekat.",
                "Hingga tampak kertas kuning dengan tulisan arab yang tak tahu apa maknanya. Kalimat arab tersebut tertulis dengan tinta merah yang makin dipertanyakan apa tujuannya.",
            ],
        },
        {
            "title": "Bikin Drop Mental",
            "paragraphs": [
                "Tepat di dalam kertas bertuliskan kalimat arab ada sebuah kertas mungil yang jadi sebuah kantung. Kertas biru mengkilap itu di dalamnya ada kertas bertuliskan bahasa arab yang berbeda. Kertas paling dalam dalam paket misterius itu dituliskan di atas kerta berwarna putih kecokelatan.",
                "Melihat hal ini Evan Marvino seketika berspekulasi apa tujuan kertas misterius itu ada dirumahnya. Pemain sinetron Anak Jalanan ini mengira sang pengirim berniat menjatuhkan mental keluarganya.",
                "\u201cSebenernya sih kita gak takut sama yg beginian. Karena kita punya Allah SWT. Positif thinking aja Mungkin mau bikin drop mental keluarga ku. Karena kebetulan istri lagi hamil juga. Dan mungkin emang ada orang2 yg iri dan syirik. Allahu Alam,\u201d lanjut tulis Evan Marvino.",
            ],
        },
        {
            "title": "Komentar Netizen",
            "paragraphs": [
                "Evan Marvino sengaja mengunggah video penemuan kertas misterius ini agar yang mengirim barang itu bisa melihatnya secara langsung. Melihat hal ini tak sedikit netizen yang ikut kaget dan mengira itu merupakan jimat.",
                "Tak sedikit yang menyarankan Evan untuk membakar kertas bertuliskan kalimat Arab yang tak jelas maknanya itu. Selebihnya netizen ikut mendoakan kesehatan dan keselamatan keluarga Evan Marvino.",
                "\u201cBakar disertai membaca ayat kursyi\U0001f64f,\u201d tulis pengguna Instagram @aliahyusuf87.",
                "\u201cItu kiriman orang bang hati2 nama nya hidup ada yg suka dan banyak juga yg gak suka hati2 apalagi istri abang lagi hamil hati2 aja,\u201d tulis akun @artonotiktok",
                "\u201cYa Allah,,,, lindungi Evan Tami jauhkanlah dari semua hal buruk aamiin \U0001f932\U0001f932\U0001f932,\u201d kata akun @indahismuharti.",
                "\u201cAstaghfirullah coba temui ustadz saja bang tanya langsung kalau itu jimat minta di musnah kan,\u201d saran akun @asny150121.",
            ],
        },
    ],
    "images": [
        {
            "url": f"https://cdn1-production-images-kly.akamaized.net/{path}",
            "caption": "Istri Evan Marvino Temukan Paket Misterius Kertas Bertuliskan Arab, Bikin Resah",
            "credit": "Sumber: Instagram/evanmarvino",
        }
        for path in (
            "b82hxapSqcQyk9s2qJliSA8jghQ=/375x208/smart/filters:quality(75):strip_icc():format(jpeg)/kly-media-production/medias/4124997/original/098676800_1660612864-page.jpg",
            "uwK0drtnq1XwHXphiTzRj-f2d2g=/375x500/smart/filters:quality(75):strip_icc():format(jpeg)/kly-media-production/medias/4124998/original/008030400_1660612865-Screenshot_20220816-081018_Instagram.jpg",
            "HdgQYXK6VqQzRvJgUfs8BpgrPDU=/375x500/smart/filters:quality(75):strip_icc():format(jpeg)/kly-media-production/medias/4124999/original/015606200_1660612865-Screenshot_20220816-080916_Instagram.jpg",
            "hprhmv5vCcBiOXnAc2tk81qIRDA=/375x500/smart/filters:quality(75):strip_icc():format(jpeg)/kly-media-production/medias/4125000/original/022083000_1660612865-Screenshot_20220816-080940_Instagram.jpg",
        )
    ],
    # No "N dari M halaman" counter on this page; window.kmklabs.multiplePageCount = 4.
    "page_count": 4,
    "language": "id",
}

NEWS_2015_2254252 = {
    "url": "http://news.liputan6.com/read/2254252/wapres-jk-dan-ahok-blusukan-dari-udara",
    "id": "2254252",
    "portal": "liputan6",
    "type": "text",
    "title": "Wapres JK dan Ahok 'Blusukan' dari Udara",
    "description": "Pada hari pertama puasa, agenda Wakil Presiden Jusuf Kalla tetap segudang.",
    # Byline "By Silvanus Alvin"; the credits box lists a second author.
    "authors": ["Silvanus Alvin", "Hanz Jimenez Salim"],
    "editors": ["Mevi Linawati"],
    "published_at": "2015-06-18T06:25:00+07:00",
    "published_at_raw": "18 Jun 2015 at 06:25 WIB",
    # The 2015 page states no update time, in view or in structured data.
    "modified_at": None,
    "modified_at_raw": None,
    "channel": "News",
    "category": "Peristiwa",
    "tags": ["Sejuta Rumah", "Ahok", "Jusuf Kalla", "JK"],
    "dateline": "Jakarta",
    "subsections": [
        {
            "title": None,
            # One <p> holding the article, paragraphs separated by <br><br>.
            "paragraphs": [
                "Pada hari pertama puasa, agenda Wakil Presiden Jusuf Kalla tetap segudang. Pagi ini, dia melakukan peninjauan dari udara menggunakan helikopter untuk memantau wilayah Tanjung Priok, Jakarta Utara, dan Kemayoran, Jakarta Pusat. Pemantauan dilakukan untuk memetakan perumahan di 2 wilayah tersebut.",
                '"Besok (hari ini) Bapak Wakil Presiden melakukan peninjauan lewat udara untuk pemetaan perumahan di wilayah Jakarta. Jam 08.00 WIB berangkat dari Bandara Halim Perdanakusuma," kata Juru Bicara Wapres Husain Abdullah kepada Liputan6.com, di Kantor Wapres, Jakarta, Rabu 17 Juni 2015.',
                "Pria yang kerap disapa JK itu akan didampingi Gubernur DKI Jakarta Basuki Tjahaja Purnama atau Ahok.",
                '"Gubernur DKI mendampingi Wapres RI peninjauan dari udara wilayah Tanjung Priok dan Kemayoran," seperti yang tertulis dalam agenda kegiatan Ahok dalam situs portal berita resmi Pemprov DKI, Beritajakarta.com.',
                # The page has an invisible left-to-right mark before "di".
                "Setelah melakukan peninjauan udara itu, JK akan membuka acara pada pukul 09.30 WIB yang digelar oleh Kementerian Kehutanan dan Lingkungan Hidup di Jakarta Convention Center, Senayan.",
                "Selanjutnya, JK akan melaksanakan rapat terkait perumahan rakyat di Kantor Wakil Presiden, Jalan Medan Merdeka Utara, pukul 14.00 WIB.",
                "Jokowi-JK memiliki program membangun sejuta rumah untuk masyarakat berpenghasilan rendah (MBR) dalam 1 tahun. Pada tahap pertama tahun ini, pemerintah akan merealisasikan pembangunan 331 ribu unit rumah di 14 provinsi di Tanah Air. (Mvi/Ali)",
            ],
        }
    ],
    "images": [
        {
            "url": "http://cdn0-a.production.liputan6.static6.com/medias/888939/original/006572800_1432913463-Pembukaan_PRJ.jpg",
            "caption": "Wapres Jusuf Kalla didampingi Gubernur DKI Jakarta Basuki Thajaja Purnama dan Ketua panitia Jakarta Fair, Murdaya Poo menekan tombol sirene sebagai tanda dibukanya Jakarta Fair 2015 di JIExpo, Jakarta, Jumat (29/5/2015).",
            "credit": "Liputan6.com/Johan Tallo",
        }
    ],
    "page_count": 1,
    "language": "id",
}

TEKNO_2016_2436773 = {
    "url": "http://tekno.liputan6.com/read/2436773/tri-indonesia-broadband-dorong-ekosistem-digital-dalam-negeri",
    "id": "2436773",
    "portal": "liputan6",
    "type": "text",
    "title": "Tri Indonesia: Broadband Dorong Ekosistem Digital Dalam Negeri",
    "description": "Wakil Presiden Direktur Tri Indonesia optimistis ekosistem digital di Indonesia akan tumbuh seiring semakin banyaknya ketersediaan broadband",
    "authors": ["Corry Anestia"],
    "editors": ["Iskandar"],
    # Visible "on 16 Feb 2016 at 09:10 WIB"; JSON-LD datePublished 02:10:56Z agrees.
    "published_at": "2016-02-16T09:10:56+07:00",
    "published_at_raw": "16 Feb 2016 at 09:10 WIB",
    # No visible update line: JSON-LD dateModified 2016-02-16T04:13:59Z, shown in WIB.
    "modified_at": "2016-02-16T11:13:59+07:00",
    "modified_at_raw": None,
    "channel": "Tekno",
    "category": "Telko",
    "tags": ["Media Visit", "Hutchison 3 Indonesia"],
    "dateline": "Jakarta",
    "subsections": [
        {
            "title": None,
            "paragraphs": [
                "Indonesia memasuki fase dinamis akan pertumbuhan ekosistem digital. Mulai dari kehadiran banyak layanan digital hingga aplikasi besutan dalam negeri. Belum lagi perakitan handset pasca penerapan Tingkat Aturan Dalam Negeri (TKDN).",
                "Hal ini diungkapkan oleh Muhammad Buldansyah, Wakil Presiden Direktur PT Hutchison 3 Indonesia (Tri), saat melakukan media visit ke kantor redaksi Liputan6.com di SCTV Tower, Jakarta, Jumat (12/2/2016).",
                "Pria yang akrab disapa Dani ini mengatakan demikian mengingat Indonesia merupakan salah satu pasar layanan data yang cukup mengalami pertumbuhan signifikan.",
                '"Di jaringan kami, 60 persen dari total pelanggan adalah pengguna layanan data. Sebanyak 80 persen mengakses dari smartphone. Ini mengukuhkan Tri sebagai penyedia data terbesar kedua di Indonesia. Hampir 1/3 trafik di seluruh Indonesia berasal dari pengguna Tri," tuturnya.',
                "Tak heran, Dani optimistis layanan broadband akan semakin banyak diminati di Tanah Air, dan ini akan men-generate banyak layanan over the top (OTT) di dalam negeri.",
                # "<p>Baca Juga</p>" and the list after it are left out.
                '"Nah, tinggal bagaimana operator memberkan layanan dengan speed yang mencukupi. Layanan OTT nanti akan semakin banyak, e-Commerce akan semakin maju. Ekosistem saling mendukung operator menjadi sebuah ekosistem digital lifestyle, sehingga diminati pengguna," ucap Dani.',
                "Berdasarkan laporan keuangan Tri di kuartal III 2015 lalu, anak usaha Hutchison Asia Telecommunications Limited ini mencatat jumlah pelanggannya sebanyak 55,4 juta pengguna, dengan total BTS mencapai 38.900 unit BTS.",
                "Layanan 4G",
                "Menyusul operator seluler lainnya, Tri juga akan segera mengomersialisasikan layanan 4G mereka di Tanah Air pada tahun ini. Sayangnya, pihak Tri enggan membeberkan kapan layanan seluler generasi keempat ini diluncurkan.",
                '"Kami akan meluncurkan layanan 4G di 5 kota besar di Tanah Air, antara lain Jakarta, Bandung, Denpasar, Pontianak, Makassar, dan Batam. Namun, layanan 4G kami akan menjangkau kota-kota lain nantinya," ungkap Dani.',
                "Tri tidak memilih pulau Sumatera sebagai target peluncuran 4G di tahap awal karena pihaknya memilih wilayah di mana masyarakatnya telah banyak memiliki handset 4G.",
                "Hingga saat ini, operator seluler yang sudah merilis menggelar jaringan dan merilis layanan 4G antara lain Telkomsel, XL Axiata, Indosat Ooredoo, dan Smartfren.",
                "(Cas/Isk)",
            ],
        }
    ],
    "images": [
        {
            "url": "http://cdn1-a.production.liputan6.static6.com/medias/1142370/original/084785500_1455527995-IMG_20160212_153944.jpg",
            "caption": "(tengah kiri-kanan) Direktur ICGR Tri Indonesia, Chandra Hawan; Chief Sales & Marketing Officer Tri Indonesia, Dolly Susanto; dan Muhammad Buldansyah, Wakil Presiden Direktur Tri Indonesia, saat berkunjung ke kantor Liputan6.com di Jakarta, Jumat (12/2).",
            "credit": None,
        }
    ],
    "page_count": 1,
    "language": "id",
}

ARTICLES = {
    "article-mobile-global-4464894.html": GLOBAL_4464894,
    "article-mobile-bisnis-4289456.html": BISNIS_4289456,
    "article-mobile-hot-5043288.html": HOT_5043288,
    "article-desktop-2015-news-2254252.html": NEWS_2015_2254252,
    "article-desktop-2016-tekno-2436773.html": TEKNO_2016_2436773,
}


@pytest.fixture(scope="module", params=sorted(ARTICLES))
def article(request: pytest.FixtureRequest) -> tuple[dict, dict]:
    item = extract(page_response(request.param, url="http://127.0.0.1:8000/mirror/page"))
    return dict(item), ARTICLES[request.param]


@pytest.mark.parametrize("field", [f for f in ARTICLE_FIELDS if f not in ("body", "crawled_at")])
def test_field(article: tuple[dict, dict], field: str) -> None:
    item, expected = article
    assert item[field] == expected[field]


def test_body_is_the_paragraphs_joined(article: tuple[dict, dict]) -> None:
    item, expected = article
    paragraphs = [p for part in expected["subsections"] for p in part["paragraphs"]]
    assert item["body"] == "\n\n".join(paragraphs)


def test_crawled_at_is_now_in_utc(article: tuple[dict, dict]) -> None:
    item, _ = article
    crawled = datetime.fromisoformat(item["crawled_at"])
    assert crawled.utcoffset() == timedelta(0)
    assert abs(datetime.now(timezone.utc) - crawled) < timedelta(minutes=5)


def test_every_contract_key_is_present_and_nothing_else(article: tuple[dict, dict]) -> None:
    item, _ = article
    assert set(item) == set(ARTICLE_FIELDS)
