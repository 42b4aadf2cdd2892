(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_b"]={"back":[0],"bahrain":[0],"based":[0],"being":[0],"blomqvist":[0]};
